// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

#include "rules/evaluator.hpp"

namespace frontdesk::rules {
namespace {

std::shared_ptr<const RuleSet> load(const std::string& text) {
  return load_rule_text("rules.yaml", text, testing::templates_with({}));
}

Facts facts(const std::string& category, const std::string& priority) {
  Facts f;
  f[Field::ticket_category] = Value::of_text(category);
  f[Field::ticket_priority] = Value::of_text(priority);
  return f;
}

constexpr const char* kRules = R"(
- name: payments
  on: ticket.created
  if: {field: ticket.category, eq: payment}
  then: [{add_tag: pay}, {set_priority: high}]
- name: urgent stops the chain
  on: ticket.created
  if: {field: ticket.priority, eq: urgent}
  then: [{add_tag: hot}]
  stop: true
- name: everything
  on: ticket.created
  then: [{add_tag: seen}]
- name: other event
  on: message.received
  then: [{add_tag: msg}]
)";

TEST(Evaluator, RunsTheEventsRulesInOrder) {
  const auto set = load(kRules);
  const auto out = evaluate(*set, Event::ticket_created, facts("payment", "low"), {});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rule->name, "payments");
  EXPECT_EQ(out[0].actions.size(), 2u);
  EXPECT_EQ(out[1].rule->name, "everything");
  EXPECT_EQ(set->find("payments")->matches.load(), 1u);
}

TEST(Evaluator, StopEndsTheChain) {
  const auto set = load(kRules);
  const auto out = evaluate(*set, Event::ticket_created, facts("general", "urgent"), {true, nullptr});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[0].matched);
  EXPECT_EQ(out[0].failed, "ticket.category eq payment (ticket.category is 'general')");
  EXPECT_TRUE(out[1].matched);
  EXPECT_FALSE(out[2].matched);
  EXPECT_EQ(out[2].failed, "an earlier rule stopped the chain");
}

TEST(Evaluator, StopActionAlsoEndsTheChain) {
  const auto set = load("- {name: a, on: ticket.created, then: [stop]}\n- {name: b, on: ticket.created, then: [{add_tag: x}]}\n");
  const auto out = evaluate(*set, Event::ticket_created, {}, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule->name, "a");
}

}  // namespace
}  // namespace frontdesk::rules
