// SPDX-License-Identifier: Apache-2.0
#include "tickets_fixture.hpp"

namespace frontdesk::tickets::testing {
namespace {

TEST_F(TicketsTest, ResolvingSetsResolvedAtAndReopeningClearsIt) {
  auto t = make_ticket("Printer");
  auto w = agent_writer();
  ASSERT_TRUE(w.assign(t, agent_id));
  ASSERT_TRUE(w.set_status(t, core::Status::in_progress));
  ASSERT_TRUE(w.set_status(t, core::Status::resolved));
  EXPECT_EQ(one("SELECT resolved_at IS NOT NULL AND closed_at IS NULL FROM tickets WHERE id = " + std::to_string(t.id)),
            "t");
  ASSERT_TRUE(w.set_status(t, core::Status::closed));
  EXPECT_EQ(one("SELECT resolved_at IS NOT NULL AND closed_at IS NOT NULL FROM tickets WHERE id = " +
                std::to_string(t.id)),
            "t");
  ASSERT_TRUE(w.set_status(t, core::Status::reopened));
  EXPECT_EQ(one("SELECT resolved_at IS NULL AND closed_at IS NULL FROM tickets WHERE id = " + std::to_string(t.id)),
            "t");
}

TEST_F(TicketsTest, AnIllegalTransitionIsARefusalAndChangesNothing) {
  auto t = make_ticket("Printer");
  const auto events = one("SELECT count(*) FROM audit_events");
  const auto refused = agent_writer().set_status(t, core::Status::waiting_internal);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Refusal::Kind::transition);
  EXPECT_EQ(t.status, core::Status::open);
  EXPECT_EQ(one("SELECT status FROM tickets WHERE id = " + std::to_string(t.id)), "open");
  EXPECT_EQ(one("SELECT count(*) FROM audit_events"), events);
}

TEST_F(TicketsTest, EveryChangeIsAuditedWithItsActor) {
  auto t = make_ticket("Printer");
  TicketWriter rule(db, Actor::of_rule("vip", 2));
  ASSERT_TRUE(rule.set_priority(t, "urgent"));
  rule.add_tag(t, "vip");
  rule.add_tag(t, "vip");  // once only
  EXPECT_EQ(one("SELECT string_agg(event || ':' || actor_kind || ':' || rule || ':' || (data ->> 'depth') || ':' || "
                "(new_value ->> 'field'), ',' ORDER BY id) FROM audit_events WHERE ticket_id = " + std::to_string(t.id)),
            "ticket.updated:rule:vip:2:priority,ticket.updated:rule:vip:2:tags");
  EXPECT_EQ(one("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t.id)), "vip");
  EXPECT_FALSE(rule.set_priority(t, "whenever"));
}

TEST_F(TicketsTest, AssigningAnUnknownAgentIsRefused) {
  auto t = make_ticket("Printer");
  const auto r = agent_writer().assign(t, 999999);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Refusal::Kind::invalid);
  EXPECT_EQ(one("SELECT assigned_to IS NULL FROM tickets WHERE id = " + std::to_string(t.id)), "t");
}

TEST_F(TicketsTest, AutomaticAnswersToAutomaticMailAreSuppressed) {
  auto person = make_ticket("Hello");
  auto list = make_ticket("Newsletter", 0, "email", R"({"noAutoReply": true})");
  TicketWriter rule(db, Actor::of_rule("ack", 1));
  ASSERT_TRUE(rule.send_to_customer(person, Outbound{"Thanks", "We got it", {}, false, {}}));
  const auto suppressed = rule.send_to_customer(list, Outbound{"Thanks", "We got it", {}, false, {}});
  ASSERT_FALSE(suppressed);
  EXPECT_EQ(suppressed.error().kind, Refusal::Kind::conflict);
  EXPECT_EQ(one("SELECT count(*) FROM outbox WHERE ticket_id = " + std::to_string(list.id)), "0");
  EXPECT_EQ(one("SELECT count(*) FROM outbox WHERE ticket_id = " + std::to_string(person.id)), "1");
  // A person may still answer it.
  EXPECT_TRUE(agent_writer().send_to_customer(list, Outbound{{}, "Unsubscribed you.", {}, true, {}}));
}

TEST_F(TicketsTest, PortalTicketsGoByEmailWhenTheCustomerHasOneElseStayInThePortal) {
  auto with_email = make_ticket("Via API", 0, "api");
  const auto nameless = std::stoll(one("INSERT INTO customers (name) VALUES ('api only') RETURNING id"));
  auto without = make_ticket("Via API", nameless, "api");
  TicketWriter rule(db, Actor::of_rule("ack", 1));
  const auto mailed = rule.send_to_customer(with_email, Outbound{"Thanks", "We got it", {}, false, {}});
  ASSERT_TRUE(mailed);
  EXPECT_EQ(mailed->channel, "email");
  EXPECT_TRUE(mailed->queued);
  const auto kept = rule.send_to_customer(without, Outbound{"Thanks", "We got it", {}, false, {}});
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->queued);
  EXPECT_EQ(one("SELECT delivery_status FROM messages WHERE id = " + std::to_string(kept->message_id)), "delivered");
  EXPECT_EQ(one("SELECT count(*) FROM outbox WHERE ticket_id = " + std::to_string(without.id)), "0");
}

TEST_F(TicketsTest, EscalationRaisesTheLevelAndKeepsTheReasonAsANote) {
  auto t = make_ticket("Outage");
  ASSERT_TRUE(agent_writer().escalate(t, Escalation{std::nullopt, agent_id, "needs senior"}));
  EXPECT_EQ(one("SELECT status || ':' || escalation_level || ':' || assigned_to FROM tickets WHERE id = " +
                std::to_string(t.id)),
            "escalated:1:" + std::to_string(agent_id));
  EXPECT_EQ(one("SELECT body FROM messages WHERE is_internal AND ticket_id = " + std::to_string(t.id)),
            "Escalated: needs senior");
}

}  // namespace
}  // namespace frontdesk::tickets::testing
