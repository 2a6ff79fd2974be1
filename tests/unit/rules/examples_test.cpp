// SPDX-License-Identifier: Apache-2.0
// The shipped rules/ folder loads, and every example rule does what its comment says.
#include "test_helpers.hpp"

#include "rules/evaluator.hpp"

#include <set>

namespace frontdesk::rules {
namespace {

const RuleSet& shipped() {
  static const auto set = load_rule_set(FRONTDESK_RULES_DIR);
  return *set;
}

Facts open_ticket(const std::string& category, const std::string& text) {
  Facts f;
  f[Field::ticket_status] = Value::of_text("open");
  f[Field::ticket_category] = Value::of_text(category);
  f[Field::ticket_priority] = Value::of_text("low");
  f[Field::message_text] = Value::of_text(text);
  f[Field::message_author] = Value::of_text("customer");
  f[Field::customer_tier] = Value::of_text("standard");
  return f;
}

std::vector<std::string> actions_of(const std::string& rule, const Facts& facts, LuaSandbox* lua = nullptr) {
  const Rule* r = shipped().find(rule);
  EXPECT_NE(r, nullptr) << rule;
  if (r == nullptr) return {};
  const auto outcome = evaluate_rule(shipped(), *r, facts, {false, lua});
  std::vector<std::string> out;
  if (!outcome) return out;
  EXPECT_EQ(outcome->lua_error, "");
  for (const auto& a : outcome->actions) out.push_back(a.describe());
  return out;
}

using V = std::vector<std::string>;

TEST(ShippedExamples, LoadAndCoverEveryEventAndAction) {
  std::set<std::string> events, actions;
  for (const auto& r : shipped().rules()) {
    events.insert(std::string(event_name(r.event)));
    for (const auto& a : r.actions) actions.insert(std::string(action_name(a.kind)));
  }
  EXPECT_EQ(events.size(), kEventCount);
  // `stop` is shown as the rule key `stop: true` rather than as an action.
  for (std::size_t i = 0; i < static_cast<std::size_t>(ActionKind::stop); ++i) {
    const auto name = std::string(action_name(static_cast<ActionKind>(i)));
    EXPECT_TRUE(actions.count(name)) << name << " has no example";
  }
}

TEST(ShippedExamples, Intake) {
  auto general = open_ticket("general", "Please refund my invoice");
  EXPECT_EQ(actions_of("categorise payment questions", general), V{"set_category: payment"});
  EXPECT_EQ(actions_of("categorise payment questions", open_ticket("general", "hello")), V{});
  EXPECT_EQ(actions_of("urgent payment problems go to billing", open_ticket("payment", "I was charged twice")),
            (V{"set_priority: urgent", "add_tag: refund", "assign {strategy: least_loaded, team: billing}",
               "reply {template: ack_payment}"}));
  EXPECT_TRUE(shipped().find("urgent payment problems go to billing")->stop);
  EXPECT_EQ(actions_of("merge repeated tickets", general), V{"merge_duplicates {window: 1d, min_score: 0.9}"});
  auto gold = open_ticket("account", "hi");
  gold[Field::customer_tier] = Value::of_text("gold");
  EXPECT_EQ(actions_of("returning customers keep their agent", gold), (V{"add_tag: vip", "assign {strategy: sticky}"}));
  EXPECT_EQ(actions_of("route by skills", general), V{"assign {strategy: skills}"});
  EXPECT_EQ(actions_of("spread the rest evenly", general), V{"assign {strategy: round_robin}"});
  auto assigned = general;
  assigned[Field::ticket_status] = Value::of_text("assigned");
  EXPECT_EQ(actions_of("spread the rest evenly", assigned), V{});
  // Acknowledged once, while it waits for an agent: web-form senders have the form's own
  // confirmation, merged duplicates are closed, tickets made assigned were answered by a person.
  auto by_mail = general;
  by_mail[Field::ticket_channel] = Value::of_text("email");
  EXPECT_EQ(actions_of("acknowledge new tickets", by_mail), V{"reply {template: ack}"});
  auto from_form = by_mail;
  from_form[Field::ticket_channel] = Value::of_text("webform");
  EXPECT_EQ(actions_of("acknowledge new tickets", from_form), V{});
  auto merged = by_mail;
  merged[Field::ticket_status] = Value::of_text("closed");
  EXPECT_EQ(actions_of("acknowledge new tickets", merged), V{});
  assigned[Field::ticket_channel] = Value::of_text("email");
  EXPECT_EQ(actions_of("acknowledge new tickets", assigned), V{});
}

TEST(ShippedExamples, ScoringScript) {
  LuaSandbox lua;
  EXPECT_EQ(actions_of("scripted scoring", open_ticket("general", "This is unacceptable, I will cancel"), &lua),
            (V{"set_priority: urgent", "add_tag: angry", "set_category: complaint"}));
  EXPECT_EQ(actions_of("scripted scoring", open_ticket("general", "worst"), &lua), V{"set_priority: medium"});
  EXPECT_EQ(actions_of("scripted scoring", open_ticket("general", "thanks!"), &lua), V{});
}

TEST(ShippedExamples, Conversation) {
  auto f = open_ticket("billing", "");
  f[Field::event_new] = Value::of_text("urgent");
  f[Field::ticket_team] = Value::of_text("billing");
  EXPECT_EQ(actions_of("tell billing about urgent tickets", f), V{"notify {team: billing, template: agent_alert}"});
  f[Field::event_new] = Value::of_text("resolved");
  EXPECT_EQ(actions_of("survey on resolve", f),
            (V{"note: Resolved; CSAT survey sent to {{customer.name}}.", "remove_tag: sla-at-risk",
               "send_survey {kind: csat, expires: 1w}"}));
  f[Field::event_new] = Value::of_text("reopened");
  f[Field::ticket_assigned_to] = Value::of_number(7);
  EXPECT_EQ(actions_of("resume reopened tickets", f), V{"set_status: in_progress"});
}

TEST(ShippedExamples, SlaFeedbackAndAgents) {
  auto f = open_ticket("technical", "");
  EXPECT_EQ(actions_of("warn before the SLA breaks", f),
            (V{"add_tag: sla-at-risk", "notify {webhook: https://chat.example.com/hooks/support, template: sla_alert}"}));
  EXPECT_EQ(actions_of("escalate on SLA breach", f),
            (V{"set_priority: urgent", "escalate {reason: SLA breached, team: tier2}",
               "notify {team: tier2, template: agent_alert}"}));
  f[Field::event_rating] = Value::of_number(2);
  EXPECT_EQ(actions_of("follow up on poor ratings", f),
            (V{"add_tag: unhappy", "note: Customer rated {{event.rating}}/5; please follow up.",
               "notify {team: billing, template: agent_alert}"}));
  f[Field::event_rating] = Value::of_number(4);
  EXPECT_EQ(actions_of("follow up on poor ratings", f), V{});
  Facts agent;
  agent[Field::event_new] = Value::of_text("offline");
  EXPECT_EQ(actions_of("announce agents going offline", agent),
            V{"notify {webhook: https://chat.example.com/hooks/leads, template: agent_offline}"});
}

TEST(ShippedExamples, Housekeeping) {
  auto f = open_ticket("general", "");
  f[Field::ticket_status] = Value::of_text("waiting_customer");
  f[Field::ticket_created_at] = Value::of_time(0);
  f[Field::ticket_last_activity_at] = Value::of_time(0);
  f.derive_times(73LL * 3600 * 1000);
  EXPECT_EQ(actions_of("close stale waiting tickets", f),
            (V{"close {resolution: other, summary: Closed after 3 days without an answer}",
               "reply {template: stale_closed}", "send_survey {kind: csat, expires: 1w}"}));
  f.derive_times(71LL * 3600 * 1000);
  EXPECT_EQ(actions_of("close stale waiting tickets", f), V{});
  f[Field::ticket_status] = Value::of_text("open");
  f.derive_times(25LL * 3600 * 1000);
  EXPECT_EQ(actions_of("escalate forgotten tickets", f),
            (V{"escalate {reason: unassigned for over a day}", "note: Escalated by the morning sweep: open for {{ticket.age}}."}));
  EXPECT_EQ(shipped().find("escalate forgotten tickets")->schedule->text(), "cron 0 9 * * 1-5");
}

}  // namespace
}  // namespace frontdesk::rules
