// SPDX-License-Identifier: Apache-2.0
// The SLA scheduler against a real PostgreSQL: due-time maintenance through the tickets
// trigger, warnings and breaches exactly once across restarts and several schedulers, the
// SQL helpers for ticket JSON and compliance, and the thread firing on time.
#include "config/config_loader.hpp"
#include "core/clock.hpp"
#include "sla/policy_config.hpp"
#include "sla/sla_scheduler.hpp"
#include "sla/sla_store.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace frontdesk::sla {
namespace {

using namespace std::chrono_literals;

// Monday 5 January 2026, 10:00 UTC.
const auto kStart = std::chrono::system_clock::time_point(date::sys_days(date::year(2026) / 1 / 5)) + 10h;

class SlaSchedulerTest : public ::testing::Test {
 protected:
  SlaSchedulerTest() : db_(test_db_.conninfo(), 4), clock_(kStart) {
    db_.run_sync([](storage::Connection& c) { storage::migrate(c, storage::builtin_migrations()); });
  }
  ~SlaSchedulerTest() override { db_.stop(); }

  std::unique_ptr<SlaScheduler> scheduler(storage::Database& db, int batch = 1000) {
    SchedulerOptions options;
    options.batch_size = batch;
    return std::make_unique<SlaScheduler>(db, clock_, policies_, options);
  }

  // A new ticket through the ingest function, stamped with the test clock.
  std::int64_t create_ticket(const std::string& priority, const std::string& customer = "ann@example.com") {
    const std::string external = "m" + std::to_string(++messages_);
    return db_.run_sync([&](storage::Connection& c) {
      return c
          .exec("SELECT ticket_id FROM fd_ingest('webform', $1, 'email', $2, 'Ann', 'en', '', '{}', '', "
                "'Help', 'It broke', 'technical', $3, '{}', NULL, true, NULL, $4::timestamptz)",
                external, customer, priority, stamp())
          .get<std::int64_t>(0, 0);
    });
  }

  // An update as the API makes it, at the test clock's time.
  void update_ticket(std::int64_t id, const std::string& set) {
    db_.run_sync([&](storage::Connection& c) {
      c.exec("UPDATE tickets SET " + set + ", updated_at = $2::timestamptz WHERE id = $1", id, stamp());
    });
  }

  std::string stamp() const {
    return date::format("%FT%TZ", date::floor<std::chrono::microseconds>(clock_.now()));
  }

  std::string query(const std::string& sql) {
    return db_.run_sync([&](storage::Connection& c) { return std::string(c.exec(sql).text(0, 0)); });
  }

  // "event/target" of every SLA event on the ticket, in order.
  std::vector<std::string> events(std::int64_t id) {
    return db_.run_sync([&](storage::Connection& c) {
      const auto r = c.exec(
          "SELECT event || '/' || (data ->> 'target') FROM audit_events "
          "WHERE ticket_id = $1 AND event LIKE 'sla.%' ORDER BY id",
          id);
      std::vector<std::string> out;
      for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.text(i, 0));
      return out;
    });
  }

  // The ticket JSON's `sla` object as of `at`.
  std::string sla_json(std::int64_t id, const std::string& at) {
    return query("SELECT fd_ticket_sla_json(t, '" + at + "')::text FROM tickets t WHERE id = " + std::to_string(id));
  }

  std::string due(std::int64_t id, const char* column) {
    return query("SELECT fd_iso(" + std::string(column) + ") FROM ticket_sla WHERE ticket_id = " +
                 std::to_string(id));
  }

  testing::TestDatabase test_db_;
  storage::Database db_;
  core::ManualClock clock_;
  std::shared_ptr<const PolicySet> policies_ = std::make_shared<const PolicySet>();
  int messages_ = 0;
};

TEST_F(SlaSchedulerTest, UrgentTicketWithoutReplyWarnsOnceAndBreachesOnce) {
  const auto id = create_ticket("urgent");
  auto s = scheduler(db_);
  EXPECT_EQ(s->run_once().events, 0U);
  EXPECT_EQ(due(id, "first_response_due"), "2026-01-05T10:15:00.000Z");
  EXPECT_EQ(due(id, "resolution_due"), "2026-01-05T12:00:00.000Z");
  EXPECT_EQ(query("SELECT next_event_kind FROM ticket_sla"), "first_response.warning");

  clock_.advance(11min + 59s);
  EXPECT_EQ(s->run_once().claimed, 0U) << "nothing is due yet";
  clock_.advance(1s);
  EXPECT_EQ(s->run_once().events, 1U);
  EXPECT_EQ(s->run_once().events, 0U);
  clock_.advance(3min);
  EXPECT_EQ(s->run_once().events, 1U);
  clock_.advance(10min);
  EXPECT_EQ(s->run_once().claimed, 0U);
  EXPECT_EQ(events(id), (std::vector<std::string>{"sla.warning/first_response", "sla.breached/first_response"}));

  EXPECT_EQ(query("SELECT data::text FROM audit_events WHERE event = 'sla.breached'"),
            R"({"due": "2026-01-05T10:15:00.000Z", "policy": "default", "target": "first_response"})");
  EXPECT_EQ(query("SELECT actor_kind || ' ' || fd_iso(created_at) FROM audit_events WHERE event = 'sla.breached'"),
            "system 2026-01-05T10:15:00.000Z");
  const std::string json =
      sla_json(id, "2026-01-05T10:30:00Z");
  EXPECT_NE(json.find(R"("firstResponseBreached": true)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("firstResponseMinutesRemaining": -15)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("resolutionMinutesRemaining": 90)"), std::string::npos) << json;

  clock_.advance(2h);
  EXPECT_EQ(s->run_once().events, 2U);
  EXPECT_EQ(events(id).size(), 4U);
  EXPECT_EQ(query("SELECT coalesce(next_event_at::text, 'none') FROM ticket_sla"), "none");
}

TEST_F(SlaSchedulerTest, RestartBetweenWarningAndBreachLosesAndRepeatsNothing) {
  const auto id = create_ticket("urgent");
  {
    auto first = scheduler(db_);
    first->run_once();
    clock_.advance(13min);
    EXPECT_EQ(first->run_once().events, 1U);
  }
  // A new daemon: its own pool, its own scheduler, the same database.
  storage::Database again(test_db_.conninfo(), 2);
  auto second = scheduler(again);
  EXPECT_EQ(second->run_once().events, 0U);
  clock_.advance(2min);
  EXPECT_EQ(second->run_once().events, 1U);
  EXPECT_EQ(events(id), (std::vector<std::string>{"sla.warning/first_response", "sla.breached/first_response"}));
  again.stop();
}

TEST_F(SlaSchedulerTest, TwoSchedulersRaiseEachEventOnce) {
  constexpr int kTickets = 300;
  for (int i = 0; i < kTickets; ++i) create_ticket("urgent", "c" + std::to_string(i) + "@example.com");
  storage::Database other(test_db_.conninfo(), 2);
  auto a = scheduler(db_, 7);
  auto b = scheduler(other, 7);
  const auto both = [&] {
    std::thread ta([&] { a->run_once(); });
    b->run_once();
    ta.join();
  };
  both();
  clock_.advance(16min);
  both();
  EXPECT_EQ(query("SELECT count(*) FROM audit_events WHERE event = 'sla.warning'"), std::to_string(kTickets));
  EXPECT_EQ(query("SELECT count(*) FROM audit_events WHERE event = 'sla.breached'"), std::to_string(kTickets));
  EXPECT_EQ(query("SELECT count(*) FROM (SELECT ticket_id, event FROM audit_events WHERE event LIKE 'sla.%' "
                  "GROUP BY 1, 2 HAVING count(*) > 1) d"),
            "0");
  other.stop();
}

TEST_F(SlaSchedulerTest, FirstReplyMeetsFirstResponse) {
  const auto id = create_ticket("urgent");
  auto s = scheduler(db_);
  s->run_once();
  clock_.advance(5min);
  update_ticket(id, "first_response_at = '2026-01-05T10:05:00Z'");
  clock_.advance(20min);
  EXPECT_EQ(s->run_once().events, 0U);
  EXPECT_EQ(query("SELECT next_event_kind FROM ticket_sla"), "resolution.warning");
  const std::string json =
      sla_json(id, "2026-01-05T10:25:00Z");
  EXPECT_NE(json.find(R"("firstResponseAt": "2026-01-05T10:05:00.000Z")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("firstResponseBreached": false)"), std::string::npos) << json;
  EXPECT_EQ(json.find("firstResponseMinutesRemaining"), std::string::npos) << "met: no minutes left to show " << json;
  EXPECT_NE(json.find(R"("resolutionMinutesRemaining": 95)"), std::string::npos) << json;
}

TEST_F(SlaSchedulerTest, WaitingOnTheCustomerPausesAndPushesDueTimesOut) {
  const auto id = create_ticket("urgent");
  auto s = scheduler(db_);
  s->run_once();
  clock_.advance(5min);
  update_ticket(id, "status = 'waiting_customer'");
  clock_.advance(10min);
  EXPECT_EQ(s->run_once().events, 0U) << "no warning while paused";
  EXPECT_EQ(query("SELECT coalesce(next_event_at::text, 'none') FROM ticket_sla"), "none");
  const std::string json =
      sla_json(id, "2026-01-05T11:00:00Z");
  EXPECT_NE(json.find(R"("firstResponseMinutesRemaining": 10)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("paused": true)"), std::string::npos) << json;
  EXPECT_EQ(sla_json(id, "2026-01-05T13:00:00Z"), json) << "frozen while paused, breach time or not";

  clock_.advance(1h);  // 11:15: the customer answers through ingest, which resumes the clock
  db_.run_sync([&](storage::Connection& c) {
    c.exec("SELECT fd_ingest('webform', 'reply', 'email', 'ann@example.com', 'Ann', 'en', $1, '{}', '', '', "
           "'more', '', '', '{}', NULL, false, NULL, $2::timestamptz)",
           query("SELECT number FROM tickets"), stamp());
  });
  s->run_once();
  EXPECT_EQ(due(id, "first_response_due"), "2026-01-05T11:25:00.000Z");
  EXPECT_EQ(due(id, "resolution_due"), "2026-01-05T13:10:00.000Z");
  EXPECT_EQ(query("SELECT pauses::text FROM ticket_sla"),
            R"({["2026-01-05 10:05:00+00","2026-01-05 11:15:00+00")})");
}

TEST_F(SlaSchedulerTest, PriorityChangeRecomputesTargets) {
  const auto id = create_ticket("medium");
  auto s = scheduler(db_);
  s->run_once();
  EXPECT_EQ(due(id, "first_response_due"), "2026-01-05T11:00:00.000Z");
  clock_.advance(5min);
  update_ticket(id, "priority = 'urgent'");
  s->run_once();
  EXPECT_EQ(due(id, "first_response_due"), "2026-01-05T10:15:00.000Z");
  EXPECT_EQ(due(id, "resolution_due"), "2026-01-05T12:00:00.000Z");
}

TEST_F(SlaSchedulerTest, ResolveStopsTheClockAndReopenRestartsResolution) {
  const auto id = create_ticket("high");
  auto s = scheduler(db_);
  s->run_once();
  clock_.advance(10min);
  update_ticket(id, "first_response_at = '2026-01-05T10:10:00Z', status = 'resolved', "
                    "resolved_at = '2026-01-05T10:10:00Z'");
  s->run_once();
  EXPECT_EQ(query("SELECT coalesce(next_event_at::text, 'none') FROM ticket_sla"), "none");
  EXPECT_EQ(query("SELECT (fd_ticket_sla(t, '2026-01-05T10:20:00Z')).met::text FROM tickets t"), "true");

  clock_.advance(1h);  // 11:10: the customer writes again, ingest reopens the ticket
  db_.run_sync([&](storage::Connection& c) {
    c.exec("SELECT fd_ingest('webform', 'again', 'email', 'ann@example.com', 'Ann', 'en', $1, '{}', '', '', "
           "'still broken', '', '', '{}', NULL, false, NULL, $2::timestamptz)",
           query("SELECT number FROM tickets"), stamp());
  });
  s->run_once();
  EXPECT_EQ(query("SELECT status FROM tickets"), "reopened");
  EXPECT_EQ(due(id, "resolution_due"), "2026-01-05T15:10:00.000Z");
  EXPECT_EQ(query("SELECT next_event_kind FROM ticket_sla"), "resolution.warning");
  clock_.advance(4h);
  EXPECT_EQ(s->run_once().events, 2U);
  EXPECT_EQ(events(id), (std::vector<std::string>{"sla.warning/resolution", "sla.breached/resolution"}));
}

TEST_F(SlaSchedulerTest, BusinessHoursPolicyAndPublishedCalendar) {
  policies_ = compile_policies(config::load_config_string(R"(
sla:
  calendars:
    office:
      time_zone: Europe/Berlin
      hours: { mon: "09:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00", thu: "09:00-17:00", fri: "09:00-17:00" }
  policies:
    office_hours:
      calendar: office
)",
                                                          "frontdesk.yaml")
                                   .sla);
  clock_.set(kStart + 5h + 30min);  // Monday 15:30 UTC = 16:30 in Berlin
  const auto id = create_ticket("medium");
  auto s = scheduler(db_);
  db_.run_sync([&](storage::Connection& c) { publish_calendars(c, *policies_); });
  s->run_once();
  // 30 minutes on Monday, 30 on Tuesday from 09:00 CET (08:00 UTC).
  EXPECT_EQ(due(id, "first_response_due"), "2026-01-06T08:30:00.000Z");
  EXPECT_EQ(query("SELECT policy || ' ' || calendar FROM ticket_sla"), "office_hours office");
  const std::string json =
      sla_json(id, "2026-01-05T22:00:00Z");
  EXPECT_NE(json.find(R"("firstResponseMinutesRemaining": 30)"), std::string::npos) << json;
}

// The ticket JSON counts business minutes in SQL from the calendars the daemon published;
// the scheduler counts in C++. Both must agree across weekends, holidays, a split day, a
// night shift past midnight and Berlin's spring-forward night (29 March 2026).
TEST_F(SlaSchedulerTest, SqlBusinessTimeAgreesWithTheCalendar) {
  policies_ = compile_policies(config::load_config_string(R"(
sla:
  calendars:
    office:
      time_zone: Europe/Berlin
      hours: { mon: "09:00-17:00", tue: ["09:00-12:00", "13:00-17:00"], wed: "09:00-17:00", sat: "22:00-06:00",
               sun: "07:00-09:00" }
      holidays: [2026-01-07, 2026-03-28]
  policies:
    office_hours:
      calendar: office
)",
                                                          "frontdesk.yaml")
                                   .sla);
  db_.run_sync([&](storage::Connection& c) { publish_calendars(c, *policies_); });
  const Calendar& office = *policies_->policies().front().calendar;
  const auto base = std::chrono::time_point_cast<std::chrono::microseconds>(kStart);
  std::vector<std::pair<Instant, Instant>> spans;
  for (const auto from : {base, base + 26h + 15min, base + 5 * 24h + 7h, base + 82 * 24h - 10h}) {
    for (const auto length : {std::chrono::microseconds(20min), std::chrono::microseconds(7h),
                              std::chrono::microseconds(50h), std::chrono::microseconds(9 * 24h + 3h)}) {
      spans.emplace_back(from, from + length);
    }
  }
  for (const auto& [from, to] : spans) {
    const auto sql = query("SELECT fd_sla_business_seconds('office', '" + date::format("%FT%TZ", from) + "', '" +
                           date::format("%FT%TZ", to) + "')::bigint");
    EXPECT_EQ(sql, std::to_string(std::chrono::duration_cast<std::chrono::seconds>(office.between(from, to)).count()))
        << date::format("%FT%TZ", from) << " to " << date::format("%FT%TZ", to);
  }
}

TEST_F(SlaSchedulerTest, ComplianceByAgentTeamAndPriority) {
  const auto breached = create_ticket("urgent", "a@example.com");
  const auto met = create_ticket("low", "b@example.com");
  create_ticket("high", "c@example.com");
  auto s = scheduler(db_);
  s->run_once();
  clock_.advance(25min);  // past the high ticket's warning (24 min), before its breach (30)
  update_ticket(met, "first_response_at = '2026-01-05T10:20:00Z', status = 'resolved', "
                     "resolved_at = '2026-01-05T10:25:00Z'");
  s->run_once();
  (void)breached;
  const auto rows = db_.run_sync([&](storage::Connection& c) {
    const auto r = c.exec(
        "SELECT dimension || ':' || coalesce(key, '-') || ' ' || met || '/' || breached || '/' || at_risk || '/' "
        "|| open FROM fd_sla_compliance('2026-01-01', '2026-02-01', $1::timestamptz) ORDER BY 1",
        stamp());
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.text(i, 0));
    return out;
  });
  EXPECT_EQ(rows, (std::vector<std::string>{"agent:- 1/1/1/1", "priority:high 0/0/1/1", "priority:low 1/0/0/0",
                                            "priority:urgent 0/1/0/0", "team:- 1/1/1/1"}));
}

TEST_F(SlaSchedulerTest, ATicketTheCalendarCannotServeIsRetriedLaterWithoutStallingThePass) {
  std::vector<std::vector<OpeningSpan>> week(7);
  week[1] = {{540, 1020}};
  std::set<date::local_days> holidays;
  for (auto d = date::local_days(date::year(2026) / 1 / 1); d < date::local_days(date::year(2037) / 1 / 1);
       d += date::days(1)) {
    holidays.insert(d);
  }
  Policy closed = builtin_default_policy();
  closed.name = "closed";
  closed.calendar = std::make_shared<const Calendar>("closed", date::locate_zone("UTC"), week, holidays);
  policies_ = std::make_shared<const PolicySet>(std::vector<Policy>{closed});
  const auto id = create_ticket("urgent");
  auto s = scheduler(db_);
  EXPECT_EQ(s->run_once().claimed, 1U);
  EXPECT_EQ(query("SELECT next_event_kind || ' ' || fd_iso(next_event_at) FROM ticket_sla WHERE ticket_id = " +
                  std::to_string(id)),
            "recompute 2026-01-05T11:00:00.000Z");
  EXPECT_EQ(s->run_once().claimed, 0U);
}

// The write fails after the claim locked the rows: the whole pass rolls back, the timer
// stays due, and the next pass raises the warning once, on the same pooled connection.
TEST_F(SlaSchedulerTest, AFailedWriteRollsThePassBackAndTheNextPassRaisesTheEventOnce) {
  const auto id = create_ticket("urgent");
  storage::Database one(test_db_.conninfo(), 1);
  auto s = scheduler(one);
  s->run_once();
  clock_.advance(12min);
  query("ALTER TABLE audit_events ADD CONSTRAINT test_no_warning CHECK (event <> 'sla.warning') NOT VALID; SELECT ''");
  EXPECT_THROW(s->run_once(), storage::PgError);
  EXPECT_EQ(query("SELECT next_event_kind || ' ' || first_response_warned FROM ticket_sla"),
            "first_response.warning false");
  query("ALTER TABLE audit_events DROP CONSTRAINT test_no_warning; SELECT ''");
  EXPECT_EQ(s->run_once().events, 1U);
  EXPECT_EQ(s->run_once().events, 0U);
  EXPECT_EQ(events(id), std::vector<std::string>{"sla.warning/first_response"});
  one.stop();
}

// The events' `due` reads as fd_iso writes the due time, milliseconds included.
TEST_F(SlaSchedulerTest, EventDueTimesReadAsTheTicketJsonWritesThem) {
  clock_.advance(123456us);
  const auto id = create_ticket("urgent");
  auto s = scheduler(db_);
  s->run_once();
  clock_.advance(12min);
  EXPECT_EQ(s->run_once().events, 1U);
  EXPECT_EQ(query("SELECT data ->> 'due' FROM audit_events WHERE event = 'sla.warning' AND ticket_id = " +
                  std::to_string(id)),
            "2026-01-05T10:15:00.123Z");
  EXPECT_EQ(query("SELECT (e.data ->> 'due') = fd_iso(s.first_response_due) FROM audit_events e "
                  "JOIN ticket_sla s USING (ticket_id) WHERE e.event = 'sla.warning'"),
            "t");
}

TEST_F(SlaSchedulerTest, ThreadFiresWithinASecondOfTheDueTime) {
  core::SystemClock wall;
  const auto policies = compile_policies(config::load_config_string(R"(
sla:
  policies:
    fast:
      targets: { urgent: { first_response: 2s, resolution: 1h } }
)",
                                                                     "frontdesk.yaml")
                                             .sla);
  SlaScheduler s(db_, wall, policies);
  s.start();
  clock_.set(wall.now());
  const auto id = create_ticket("urgent");
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (events(id).size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  s.stop();
  ASSERT_EQ(events(id), (std::vector<std::string>{"sla.warning/first_response", "sla.breached/first_response"}));
  const double late = std::stod(query(
      "SELECT extract(epoch FROM e.created_at - s.first_response_due) FROM audit_events e "
      "JOIN ticket_sla s USING (ticket_id) WHERE e.event = 'sla.breached'"));
  EXPECT_GE(late, 0.0);
  EXPECT_LT(late, 1.0);
}

// The thread sleeps on its listener until the next timer by the clock it was given; wake()
// (after a test moves its clock, or a reload) ends that sleep at once, and so does stop().
TEST_F(SlaSchedulerTest, WakeRunsAPassAtOnceAndStopEndsTheSleep) {
  SchedulerOptions options;
  options.max_sleep = 1h;
  SlaScheduler s(db_, clock_, policies_, options);
  const auto id = create_ticket("urgent");
  s.start();
  const auto warned = [&] { return events(id) == std::vector<std::string>{"sla.warning/first_response"}; };
  clock_.advance(12min);
  s.wake();
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!warned() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_TRUE(warned());
  // The thread raised the warning and sleeps until the breach, 3 minutes away by its clock
  // (in wall time too): only wake() brings the breach within the deadline.
  clock_.advance(3min);
  s.wake();
  const std::vector<std::string> both{"sla.warning/first_response", "sla.breached/first_response"};
  deadline = std::chrono::steady_clock::now() + 20s;
  while (events(id) != both && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_EQ(events(id), both);

  const auto start = std::chrono::steady_clock::now();
  s.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "stop() waited for the sleep to end";
}

}  // namespace
}  // namespace frontdesk::sla
