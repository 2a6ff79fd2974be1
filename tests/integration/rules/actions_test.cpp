// SPDX-License-Identifier: Apache-2.0
// Actions on a real database: replies and notifications through the outbox, surveys sent
// and answered, merges, escalation, status changes through the status machine.
#include "rules_fixture.hpp"

#include "tickets/survey_answer.hpp"

namespace frontdesk::rules::testing {
namespace {

class Actions : public RulesFixture {
 protected:
  std::string ticket_field(std::int64_t t, const std::string& column) {
    return text("SELECT " + column + "::text FROM tickets WHERE id = " + std::to_string(t));
  }
};

TEST_F(Actions, ReplyUsesTheCustomersLanguageAndQueuesAnOutboxRow) {
  use_rules("- {name: ack, on: ticket.created, then: [{reply: {template: ack}}]}\n");
  const auto es = create_ticket("maria@x.org", "Hola", "ayuda", "general", "medium", "es");
  const auto fr = create_ticket("jean@x.org", "Salut", "aide", "general", "medium", "fr");
  drain();
  const auto number = ticket_field(es, "number");
  EXPECT_EQ(text("SELECT body FROM messages WHERE direction = 'outbound' AND ticket_id = " + std::to_string(es)),
            "Hola Customer maria@x.org, " + number + " recibido.");
  EXPECT_EQ(text("SELECT delivery_status FROM messages WHERE direction = 'outbound' AND ticket_id = " + std::to_string(es)),
            "queued");
  EXPECT_EQ(text("SELECT channel || ' ' || to_kind || ' ' || to_value || ' ' || subject FROM outbox WHERE ticket_id = " +
                 std::to_string(es)),
            "email email maria@x.org Recibido [" + number + "]")
      << "web-form tickets are answered by email (tickets/outbound.cpp)";
  EXPECT_EQ(text("SELECT subject FROM outbox WHERE ticket_id = " + std::to_string(fr)),
            "Got it [" + ticket_field(fr, "number") + "]")
      << "no French version: English";
  EXPECT_EQ(text("SELECT rule FROM audit_events WHERE event = 'message.sent' AND ticket_id = " + std::to_string(es)), "ack");
}

TEST_F(Actions, NotifyTeamByEmailAndWebhookThroughTheOutbox) {
  use_rules(R"(
- name: tell
  on: ticket.created
  then:
    - notify: {team: billing, template: alert}
    - notify: {agent: solo@example.com, template: alert}
    - notify: {webhook: "https://hooks.example.com/in", template: alert}
)");
  add_agent({.name = "b1", .team = "billing"});
  add_agent({.name = "b2", .team = "billing"});
  add_agent({.name = "solo"});
  const auto t = create_ticket("n@x.org", "s", "b");
  drain();
  EXPECT_EQ(text("SELECT string_agg(to_value, ',' ORDER BY to_value) FROM outbox WHERE channel = 'email'"),
            "b1@example.com,b2@example.com,solo@example.com");
  const auto number = ticket_field(t, "number");
  EXPECT_EQ(text("SELECT to_kind || ' ' || to_value FROM outbox WHERE channel = 'webhook'"), "url https://hooks.example.com/in");
  EXPECT_EQ(text("SELECT body::jsonb->'ticket'->>'number' FROM outbox WHERE channel = 'webhook'"), number);
  EXPECT_EQ(text("SELECT body::jsonb->>'text' FROM outbox WHERE channel = 'webhook'"), "Look at " + number);
}

TEST_F(Actions, SurveyIsSentOnceAndItsAnswerRaisesSurveyAnswered) {
  use_rules(R"(
- name: close on request
  on: message.received
  if: {field: message.text, contains: "close it"}
  then: [{close: {resolution: solved}}]
- name: survey
  on: status.changed
  if: {field: event.new, in: [resolved, closed]}
  then: [{send_survey: {expires: 2d}}, {send_survey: csat}]
- name: unhappy
  on: survey.answered
  if: {field: event.rating, lte: 2}
  then: [{add_tag: unhappy}]
)");
  const auto agent = add_agent({.name = "helper"});
  const auto t = create_ticket("s@x.org", "s", "b");
  conn_.exec("UPDATE tickets SET assigned_to = $1, status = 'in_progress' WHERE id = $2", agent, t);
  reply(t, "s@x.org", "thanks, please close it");
  drain();
  EXPECT_EQ(ticket_field(t, "status"), "closed");
  EXPECT_EQ(ticket_field(t, "resolution_type"), "solved");
  EXPECT_EQ(number("SELECT count(*) FROM surveys WHERE ticket_id = " + std::to_string(t)), 1) << "once per ticket";
  EXPECT_EQ(number("SELECT extract(epoch FROM expires_at - sent_at)::bigint FROM surveys"), 2 * 86400);
  EXPECT_EQ(text("SELECT to_value FROM outbox o JOIN messages m ON m.id = o.message_id "
                 "WHERE m.metadata ? 'survey'"),
            "s@x.org");
  EXPECT_EQ(text("SELECT m.metadata->'survey'->>'scale' FROM messages m WHERE m.metadata ? 'survey'"), "[1, 2, 3, 4, 5]");
  // The customer answers (every channel goes through tickets::answer_survey).
  {
    storage::Transaction tx(conn_);
    tickets::TicketWriter customer(conn_, tickets::Actor{tickets::Actor::Kind::customer, std::nullopt, {}, 0}, now_text());
    EXPECT_EQ(tickets::answer_survey(customer, t, tickets::Rating{2, "slow", "webform"}), tickets::SurveyAnswer::answered);
    tx.commit();
  }
  drain();
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t)), "unhappy");
  EXPECT_EQ(number("SELECT rating_sum FROM agents WHERE id = " + std::to_string(agent)), 2);
}

TEST_F(Actions, MergeDuplicatesFoldsTheNewerTicketIntoTheOlder) {
  use_rules("- {name: dedupe, on: ticket.created, then: [{merge_duplicates: {window: 1h}}]}\n");
  const auto first = create_ticket("dup@x.org", "Login broken", "cannot log in");
  const auto other = create_ticket("dup@x.org", "Something else", "hm");
  clock_.advance(std::chrono::minutes(10));
  const auto second = create_ticket("dup@x.org", "RE: login broken ", "still cannot");
  clock_.advance(std::chrono::hours(2));
  const auto late = create_ticket("dup@x.org", "Login broken", "again");
  drain();
  EXPECT_EQ(ticket_field(second, "status"), "closed");
  EXPECT_EQ(ticket_field(second, "resolution_type"), "duplicate");
  EXPECT_EQ(ticket_field(second, "merged_into"), std::to_string(first));
  EXPECT_EQ(number("SELECT count(*) FROM messages WHERE ticket_id = " + std::to_string(first)), 2);
  EXPECT_EQ(ticket_field(other, "status"), "open");
  EXPECT_EQ(ticket_field(late, "status"), "open") << "outside the window";
}

TEST_F(Actions, EscalateOnSlaBreachAndStatusMachine) {
  use_rules(R"(
- name: breach
  on: sla.breached
  then:
    - set_priority: urgent
    - escalate: {team: tier2, reason: SLA breached}
    - note: "escalated {{ticket.number}}"
- name: illegal
  on: ticket.created
  then: [{set_status: resolved}, {set_category: technical}]
)");
  const auto senior = add_agent({.name = "senior", .team = "tier2"});
  const auto t = create_ticket("e@x.org", "s", "b");
  drain();
  EXPECT_EQ(ticket_field(t, "status"), "open") << "open → resolved is refused by the status machine";
  EXPECT_EQ(ticket_field(t, "category"), "technical") << "later actions still run";
  // What the SLA engine writes.
  conn_.exec("INSERT INTO audit_events (ticket_id, event, actor_kind) VALUES ($1, 'sla.breached', 'system')", t);
  drain();
  EXPECT_EQ(ticket_field(t, "priority"), "urgent");
  EXPECT_EQ(ticket_field(t, "escalation_level"), "1");
  EXPECT_EQ(ticket_field(t, "assigned_to"), std::to_string(senior));
  EXPECT_EQ(text("SELECT name FROM teams WHERE id = (SELECT team_id FROM tickets WHERE id = " + std::to_string(t) + ")"),
            "tier2");
  // Escalated to the senior agent, as PUT /escalate with escalatedTo does: the status says so
  // until the agent takes it up.
  EXPECT_EQ(ticket_field(t, "status"), "escalated") << "open → escalated, handed to the senior agent";
  EXPECT_EQ(text("SELECT data->>'reason' FROM audit_events WHERE data->>'field' = 'escalationLevel'"), "SLA breached");
  EXPECT_EQ(text("SELECT string_agg(body, ' | ' ORDER BY id) FROM messages WHERE is_internal"),
            "Escalated: SLA breached | escalated " + ticket_field(t, "number"));
}

TEST_F(Actions, ShippedPaymentWorkflow) {
  use_rules_dir(FRONTDESK_RULES_DIR);
  const auto billing = add_agent({.name = "bill", .team = "billing"});
  add_agent({.name = "other"});
  const auto t = create_ticket("pay@x.org", "Money", "I was charged twice, please refund", "general", "low", "es");
  drain();
  EXPECT_EQ(ticket_field(t, "category"), "payment");
  EXPECT_EQ(ticket_field(t, "priority"), "urgent");
  EXPECT_EQ(ticket_field(t, "assigned_to"), std::to_string(billing));
  EXPECT_EQ(text("SELECT subject FROM messages WHERE direction = 'outbound' AND ticket_id = " + std::to_string(t)),
            "Sobre su pago [" + ticket_field(t, "number") + "]");
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t)), "refund");
}

}  // namespace
}  // namespace frontdesk::rules::testing
