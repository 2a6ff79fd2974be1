// SPDX-License-Identifier: Apache-2.0
// Scheduled rules run once across daemons sharing the database and survive restarts.
#include "rules_fixture.hpp"

#include <future>

namespace frontdesk::rules::testing {
namespace {

constexpr const char* kAutoClose = R"(
- name: close stale waiting tickets
  on: { schedule: { every: 1h } }
  if: { all: [ { field: ticket.status, eq: waiting_customer }, { field: ticket.idle, gt: 72h } ] }
  then: [ { close: { resolution: other } }, { send_survey: csat } ]
)";

class Schedules : public RulesFixture {
 protected:
  std::string next_run() {
    return text("SELECT to_char(next_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM rule_schedules");
  }
};

// Both schedule forms, from the clock's start (Thursday 2024-10-10T12:30:21Z).
struct ScheduleForm {
  std::string yaml;         // replaces "every: 1h" in kAutoClose
  std::string stored;       // rule_schedules.schedule
  std::string first_run;    // registered at the start
  std::string second_run;   // after the run 73 hours later
};

void PrintTo(const ScheduleForm& form, std::ostream* out) { *out << form.stored; }

class ScheduleForms : public Schedules, public ::testing::WithParamInterface<ScheduleForm> {};

TEST_P(ScheduleForms, AutoCloseRunsOnceWithTwoDaemonsOnOneDatabase) {
  std::string rules = kAutoClose;
  rules.replace(rules.find("every: 1h"), 9, GetParam().yaml);
  use_rules(rules);
  const auto stale = create_ticket("stale@x.org", "s", "b");
  const auto fresh = create_ticket("fresh@x.org", "s", "b");
  conn_.exec("UPDATE tickets SET status = 'waiting_customer'");
  drain();
  // First pass registers the schedule (its first run still ahead) and runs nothing.
  EXPECT_EQ(runtime_->run_due_schedules(conn_, lua_), 0u);
  EXPECT_EQ(text("SELECT schedule FROM rule_schedules"), GetParam().stored);
  EXPECT_EQ(next_run(), GetParam().first_run);

  clock_.advance(std::chrono::hours(73));
  conn_.exec("UPDATE tickets SET last_activity_at = $1 WHERE id = $2", now_text(), fresh);

  // Two daemons (own rule sets, runtimes and connections) reach the due run together.
  RuleStore store_b(load_rule_text("b.yaml", rules, TemplateSet{}));
  runtime::RulesRuntime daemon_b(db_.conninfo(), store_b, clock_, {.node_name = "daemon-b"});
  auto other = storage::Connection::connect(db_.conninfo());
  LuaSandbox lua_b;
  auto b = std::async(std::launch::async, [&] { return daemon_b.run_due_schedules(other, lua_b); });
  const auto a = runtime_->run_due_schedules(conn_, lua_);
  EXPECT_EQ(a + b.get(), 1u) << "exactly one daemon ran the schedule";

  EXPECT_EQ(text("SELECT status FROM tickets WHERE id = " + std::to_string(stale)), "closed");
  EXPECT_EQ(text("SELECT status FROM tickets WHERE id = " + std::to_string(fresh)), "waiting_customer");
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE event = 'status.changed' AND actor_kind = 'rule' "
                   "AND rule = 'close stale waiting tickets'"),
            1);
  EXPECT_EQ(number("SELECT count(*) FROM surveys"), 1);
  EXPECT_EQ(next_run(), GetParam().second_run);

  // Not due again until the next run, whoever asks; then it runs once more.
  EXPECT_EQ(runtime_->run_due_schedules(conn_, lua_) + daemon_b.run_due_schedules(other, lua_b), 0u);
  clock_.set(core::Clock::time_point(std::chrono::milliseconds(
      number("SELECT (extract(epoch FROM next_run_at) * 1000)::bigint FROM rule_schedules"))));
  EXPECT_EQ(daemon_b.run_due_schedules(other, lua_b), 1u);
  EXPECT_EQ(text("SELECT last_run_by FROM rule_schedules"), "daemon-b");
  EXPECT_EQ(runtime_->run_due_schedules(conn_, lua_), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    EveryAndCron, ScheduleForms,
    ::testing::Values(ScheduleForm{"every: 1h", "every 1h", "2024-10-10 13:30", "2024-10-13 14:30"},
                      // 09:00 UTC on weekdays: from Sunday afternoon the next run is Monday's.
                      ScheduleForm{"cron: \"0 9 * * 1-5\"", "cron 0 9 * * 1-5", "2024-10-11 09:00",
                                   "2024-10-14 09:00"}),
    [](const auto& form) { return form.index == 0 ? std::string("Every") : std::string("Cron"); });

TEST_F(Schedules, NextRunSurvivesRestartsAndFollowsScheduleChanges) {
  use_rules(kAutoClose);
  EXPECT_EQ(runtime_->run_due_schedules(conn_, lua_), 0u);
  const auto next = text("SELECT next_run_at FROM rule_schedules");
  // A restarted daemon (new runtime) keeps the stored next run.
  use_rules(kAutoClose);
  EXPECT_EQ(runtime_->run_due_schedules(conn_, lua_), 0u);
  EXPECT_EQ(text("SELECT next_run_at FROM rule_schedules"), next);
  // A changed schedule is recomputed.
  std::string changed = kAutoClose;
  changed.replace(changed.find("every: 1h"), 9, "cron: \"0 9 * * *\"");
  use_rules(changed);
  EXPECT_EQ(runtime_->run_due_schedules(conn_, lua_), 0u);
  EXPECT_EQ(text("SELECT schedule FROM rule_schedules"), "cron 0 9 * * *");
  EXPECT_EQ(text("SELECT to_char(next_run_at AT TIME ZONE 'UTC', 'HH24:MI') FROM rule_schedules"), "09:00");
}

}  // namespace
}  // namespace frontdesk::rules::testing
