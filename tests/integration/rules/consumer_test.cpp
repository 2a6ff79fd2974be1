// SPDX-License-Identifier: Apache-2.0
// The durable consumer: every event handled once, a ticket's events in order, several
// runtimes on one database, loop protection, audit rows naming the rule.
#include "rules_fixture.hpp"

#include <fstream>
#include <thread>

namespace frontdesk::rules::testing {
namespace {

class Consumer : public RulesFixture {};

TEST_F(Consumer, TwoRuntimesHandleEveryEventOnceAndInTicketOrder) {
  // message.received sees the tag ticket.created added only if it runs second.
  use_rules(R"(
- {name: on create, on: ticket.created, then: [{add_tag: created}]}
- name: on message
  on: message.received
  if: {field: ticket.tags, contains: created}
  then: [{add_tag: after-create}]
- name: count messages
  on: message.received
  then: [{note: "message seen"}]
)");
  constexpr int kTickets = 60;
  std::vector<std::int64_t> tickets;
  for (int i = 0; i < kTickets; ++i) {
    tickets.push_back(create_ticket("c" + std::to_string(i) + "@x.org", "s", "b"));
    reply(tickets.back(), "c" + std::to_string(i) + "@x.org", "more");
  }
  runtime::RulesRuntime second(db_.conninfo(), *store_, clock_, {.workers = 2, .batch_size = 7});
  runtime::RulesRuntime first(db_.conninfo(), *store_, clock_, {.workers = 2, .batch_size = 5});
  first.start();
  second.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (number("SELECT count(*) FROM audit_events WHERE rules_pending") > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  first.stop();
  second.stop();
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending"), 0);
  EXPECT_EQ(number("SELECT count(*) FROM tickets WHERE tags @> '{created,after-create}'"), kTickets)
      << "each ticket's message.received ran after its ticket.created";
  EXPECT_EQ(number("SELECT count(*) FROM messages WHERE is_internal AND body = 'message seen'"), kTickets)
      << "each message.received was handled exactly once";
  EXPECT_GT(first.counters().events.load(), 0u);
  EXPECT_GT(second.counters().events.load(), 0u);
}

TEST_F(Consumer, ABatchPastItsLockBudgetLeavesTheRestForTheNextPass) {
  runtime_options_.lock_budget = std::chrono::milliseconds(0);
  use_rules("- {name: tag, on: ticket.created, then: [{add_tag: seen}]}\n");
  for (int i = 0; i < 3; ++i) create_ticket("b" + std::to_string(i) + "@x.org", "s", "b");
  // The first event locks its ticket and spends the budget; the other two go back, and the
  // pass still reports all three it claimed, so a worker claims again without pausing.
  EXPECT_EQ(runtime_->process_batch(conn_, lua_), 3u);
  EXPECT_EQ(number("SELECT count(*) FROM tickets WHERE 'seen' = ANY (tags)"), 1);
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending AND event = 'ticket.created'"), 2);
  drain();
  EXPECT_EQ(number("SELECT count(*) FROM tickets WHERE 'seen' = ANY (tags)"), 3);
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending"), 0);
}

TEST_F(Consumer, RuleChangesAreAuditedWithTheRuleAndStopAtTheDepthLimit) {
  // Two rules that would undo each other forever.
  use_rules(R"(
- {name: start, on: ticket.created, then: [{add_tag: ping}]}
- name: ping to pong
  on: ticket.updated
  if: {field: ticket.tags, contains: ping}
  then: [{remove_tag: ping}, {add_tag: pong}]
- name: pong to ping
  on: ticket.updated
  if: {all: [{field: ticket.tags, contains: pong}, {not: {field: ticket.tags, contains: ping}}]}
  then: [{remove_tag: pong}, {add_tag: ping}]
)");
  const auto t = create_ticket("loop@x.org", "s", "b");
  drain();
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending"), 0);
  EXPECT_GT(runtime_->counters().loops_stopped.load(), 0u);
  EXPECT_EQ(number("SELECT max((data->>'depth')::int) FROM audit_events WHERE actor_kind = 'rule'"), 3);
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE actor_kind = 'rule' AND (rule IS NULL OR rule = '')"), 0);
  EXPECT_EQ(text("SELECT string_agg(DISTINCT rule, ',' ORDER BY rule) FROM audit_events WHERE ticket_id = " +
                 std::to_string(t) + " AND actor_kind = 'rule'"),
            "ping to pong,pong to ping,start");
}

TEST_F(Consumer, TicketlessEventsSkipTicketActions) {
  use_rules("- {name: tag, on: ticket.created, then: [{add_tag: ok}]}\n");
  const auto good = create_ticket("g@x.org", "s", "b");
  // ticket.created without a ticket: the rule matches, its add_tag has nothing to change.
  conn_.exec("INSERT INTO audit_events (event, actor_kind, ticket_id) VALUES ('ticket.created', 'system', NULL)");
  conn_.exec("INSERT INTO audit_events (event, actor_kind, ticket_id) VALUES ('ticket.created', 'system', NULL)");
  // Events without a ticket do not wait for each other: one pass takes both, and the ticket's.
  EXPECT_EQ(runtime_->process_batch(conn_, lua_), 3u);
  drain();
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(good)), "ok");
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending"), 0);
}

TEST_F(Consumer, EventsBeforeTheMigrationAreNotReplayed) {
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending IS NULL"), 0);
  conn_.exec("INSERT INTO audit_events (event, actor_kind, rules_pending) VALUES ('ticket.created', 'system', NULL)");
  EXPECT_EQ(drain(), 0u);
}

TEST_F(Consumer, ReloadSwapsAtomicallyAndKeepsTheOldSetOnError) {
  const auto dir = std::filesystem::temp_directory_path() / ("frontdesk-reload-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.yaml") << "- {name: v1, on: ticket.created, then: [{add_tag: v1}]}\n";
  use_rules_dir(dir);
  std::ofstream(dir / "a.yaml") << "- {name: v2, on: ticket.created, then: [{add_tag: v2}]}\n- {name: broken, on: nope, then: [stop]}\n";
  const auto error = store_->reload(dir);
  EXPECT_EQ(error, (dir / "a.yaml").string() + ":2:22: unknown event 'nope' (valid: ticket.created, message.received, "
                    "ticket.updated, status.changed, sla.warning, sla.breached, survey.answered, "
                    "agent.availability_changed, incident.opened, incident.updated, incident.resolved, schedule, manual)");
  const auto t1 = create_ticket("r1@x.org", "s", "b");
  drain();
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t1)), "v1");
  std::ofstream(dir / "a.yaml") << "- {name: v2, on: ticket.created, then: [{add_tag: v2}]}\n";
  EXPECT_EQ(store_->reload(dir), "");
  const auto t2 = create_ticket("r2@x.org", "s", "b");
  drain();
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t2)), "v2");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frontdesk::rules::testing
