// SPDX-License-Identifier: Apache-2.0
// Each assignment strategy on a real database: availability and capacity respected,
// open-ticket counts read from agents.open_tickets, and the queue handed out when an
// agent becomes available.
#include "rules_fixture.hpp"

namespace frontdesk::rules::testing {
namespace {

class Assignment : public RulesFixture {
 protected:
  std::int64_t assignee(std::int64_t ticket) {
    const auto r = conn_.exec("SELECT assigned_to FROM tickets WHERE id = $1", ticket);
    return r.is_null(0, 0) ? 0 : r.get<std::int64_t>(0, 0);
  }
};

TEST_F(Assignment, LeastLoadedSkipsUnavailableAndFullAgents) {
  use_rules("- {name: route, on: ticket.created, then: [{assign: {strategy: least_loaded, team: billing}}]}\n");
  const auto busy = add_agent({.name = "busy", .availability = "busy", .team = "billing"});
  const auto full = add_agent({.name = "full", .max_concurrent = 1, .team = "billing"});
  const auto free1 = add_agent({.name = "free1", .max_concurrent = 2, .team = "billing"});
  const auto outsider = add_agent({.name = "outsider"});
  (void)busy;
  (void)outsider;
  // `full` already carries one ticket (its limit).
  const auto first = create_ticket("a@x.org", "one", "text");
  conn_.exec("UPDATE tickets SET assigned_to = $1, status = 'assigned' WHERE id = $2", full, first);
  drain();
  EXPECT_EQ(assignee(first), full) << "already assigned tickets keep their agent";
  const auto t1 = create_ticket("b@x.org", "two", "text");
  const auto t2 = create_ticket("c@x.org", "three", "text");
  const auto t3 = create_ticket("d@x.org", "four", "text");
  drain();
  EXPECT_EQ(assignee(t1), free1);
  EXPECT_EQ(assignee(t2), free1);
  EXPECT_EQ(assignee(t3), 0) << "everyone in billing is busy or full: the ticket waits";
  EXPECT_EQ(number("SELECT open_tickets FROM agents WHERE name = 'free1'"), 2);
  EXPECT_EQ(text("SELECT status FROM tickets WHERE id = " + std::to_string(t1)), "assigned");
  EXPECT_EQ(text("SELECT rule FROM audit_events WHERE ticket_id = " + std::to_string(t1) +
                 " AND event = 'status.changed'"),
            "route");
}

TEST_F(Assignment, RoundRobinTakesTurns) {
  use_rules("- {name: rr, on: ticket.created, then: [{assign: round_robin}]}\n");
  const auto a = add_agent({.name = "a"});
  const auto b = add_agent({.name = "b"});
  const auto c = add_agent({.name = "c", .availability = "away"});
  (void)c;
  std::vector<std::int64_t> got;
  for (int i = 0; i < 4; ++i) {
    const auto t = create_ticket("rr" + std::to_string(i) + "@x.org", "s", "b");
    drain();
    got.push_back(assignee(t));
  }
  EXPECT_EQ(got, (std::vector<std::int64_t>{a, b, a, b}));
}

TEST_F(Assignment, SkillsMatchCategoryAndPreferTheCustomersLanguage) {
  use_rules("- {name: skills, on: ticket.created, then: [{assign: skills}]}\n");
  add_agent({.name = "generalist"});
  const auto tech_en = add_agent({.name = "tech_en", .specializations = "{technical}"});
  const auto tech_es = add_agent({.name = "tech_es", .specializations = "{technical}", .languages = "{en,es}"});
  const auto billing = add_agent({.name = "billing_dept", .department = "billing"});
  const auto es = create_ticket("es@x.org", "no funciona", "error", "technical", "medium", "es");
  const auto en = create_ticket("en@x.org", "broken", "error", "technical", "medium", "fr");
  const auto bill = create_ticket("bill@x.org", "invoice", "wrong", "billing");
  const auto none = create_ticket("none@x.org", "booking", "help", "booking");
  drain();
  EXPECT_EQ(assignee(es), tech_es);
  EXPECT_EQ(assignee(en), tech_en) << "no language match: the least loaded specialist";
  EXPECT_EQ(assignee(bill), billing) << "the department matches the category";
  EXPECT_EQ(assignee(none), 0) << "nobody has the skill: the ticket waits in the queue";
}

TEST_F(Assignment, StickyReturnsToThePreviousAgentElseLeastLoaded) {
  use_rules("- {name: sticky, on: ticket.created, then: [{assign: sticky}]}\n");
  const auto a = add_agent({.name = "a"});
  const auto b = add_agent({.name = "b"});
  const auto old = create_ticket("loyal@x.org", "first", "x");
  drain();
  conn_.exec("UPDATE tickets SET assigned_to = $1 WHERE id = $2", b, old);
  const auto again = create_ticket("loyal@x.org", "second", "y");
  drain();
  EXPECT_EQ(assignee(again), b);
  set_availability(b, "offline");
  const auto third = create_ticket("loyal@x.org", "third", "z");
  drain();
  EXPECT_EQ(assignee(third), a) << "the previous agent is offline: least loaded instead";
}

TEST_F(Assignment, DirectAssignmentRespectsAvailability) {
  use_rules("- {name: direct, on: ticket.created, then: [{assign: {agent: ann@example.com}}]}\n");
  const auto ann = add_agent({.name = "ann", .availability = "away"});
  const auto t = create_ticket("x@x.org", "s", "b");
  drain();
  EXPECT_EQ(assignee(t), 0);
  set_availability(ann, "available");
  drain();
  EXPECT_EQ(assignee(t), ann) << "the queue is handed out when ann becomes available";
}

TEST_F(Assignment, QueueIsHandedOutMostUrgentAndOldestFirstUpToCapacity) {
  const auto low_old = create_ticket("q1@x.org", "low", "x", "general", "low");
  clock_.advance(std::chrono::minutes(1));
  const auto medium = create_ticket("q2@x.org", "medium", "x", "general", "medium");
  clock_.advance(std::chrono::minutes(1));
  const auto urgent_new = create_ticket("q3@x.org", "urgent", "x", "general", "urgent");
  clock_.advance(std::chrono::minutes(1));
  const auto medium_new = create_ticket("q4@x.org", "medium later", "x", "general", "medium");
  drain();
  const auto agent = add_agent({.name = "late", .availability = "offline", .max_concurrent = 2});
  set_availability(agent, "available");
  drain();
  EXPECT_EQ(assignee(urgent_new), agent);
  EXPECT_EQ(assignee(medium), agent);
  EXPECT_EQ(assignee(medium_new), 0);
  EXPECT_EQ(assignee(low_old), 0);
  EXPECT_EQ(number("SELECT open_tickets FROM agents WHERE name = 'late'"), 2);
  // Closing one frees a slot, and the next in line (medium, older than low) follows.
  conn_.exec("UPDATE tickets SET status = 'closed' WHERE id = $1", urgent_new);
  conn_.exec("INSERT INTO audit_events (ticket_id, event, actor_kind, old_value, new_value) "
             "VALUES ($1, 'status.changed', 'agent', '\"assigned\"', '\"closed\"')",
             urgent_new);
  drain();
  EXPECT_EQ(assignee(medium_new), agent);
  EXPECT_EQ(assignee(low_old), 0);
}

}  // namespace
}  // namespace frontdesk::rules::testing
