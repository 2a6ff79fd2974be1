// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

namespace frontdesk::rules {
namespace {

using testing::cond;
using testing::error_of;

Facts sample() {
  Facts f;
  f[Field::ticket_category] = Value::of_text("payment");
  f[Field::ticket_priority] = Value::of_text("high");
  f[Field::ticket_tags] = Value::of_list({"vip", "refund"});
  f[Field::ticket_escalation_level] = Value::of_number(2);
  f[Field::message_text] = Value::of_text("I was Charged Twice for my order");
  f[Field::message_is_internal] = Value::of_bool(false);
  f[Field::ticket_created_at] = Value::of_time(1'700'000'000'000);
  f[Field::ticket_last_activity_at] = Value::of_time(1'700'000'000'000);
  f.derive_times(1'700'000'000'000 + 73LL * 3600 * 1000);
  return f;
}

struct Case {
  std::string yaml;
  bool expected;
};

class OperatorTest : public ::testing::TestWithParam<Case> {};

TEST_P(OperatorTest, EvaluatesAgainstSampleFacts) {
  const auto facts = sample();
  EXPECT_EQ(cond(GetParam().yaml).evaluate(facts), GetParam().expected) << GetParam().yaml;
}

INSTANTIATE_TEST_SUITE_P(
    EveryOperator, OperatorTest,
    ::testing::Values(
        Case{"{field: ticket.category, eq: payment}", true}, Case{"{field: ticket.category, eq: billing}", false},
        Case{"{field: ticket.category, ne: billing}", true}, Case{"{field: ticket.category, ne: payment}", false},
        Case{"{field: ticket.category, in: [billing, payment]}", true},
        Case{"{field: ticket.category, in: [billing, account]}", false},
        Case{"{field: ticket.category, not_in: [billing, account]}", true},
        Case{"{field: ticket.category, not_in: [payment]}", false},
        Case{"{field: ticket.tags, in: [vip, gold]}", true}, Case{"{field: ticket.tags, in: [gold]}", false},
        Case{"{field: ticket.tags, contains: vip}", true}, Case{"{field: ticket.tags, contains: gold}", false},
        Case{"{field: message.text, contains: Twice}", true}, Case{"{field: message.text, contains: twice}", false},
        Case{"{field: message.text, matches: '(?i)refund|charged twice'}", true},
        Case{"{field: message.text, matches: '^refund'}", false},
        Case{"{field: ticket.escalation_level, gt: 1}", true}, Case{"{field: ticket.escalation_level, gt: 2}", false},
        Case{"{field: ticket.escalation_level, gte: 2}", true}, Case{"{field: ticket.escalation_level, gte: 3}", false},
        Case{"{field: ticket.escalation_level, lt: 3}", true}, Case{"{field: ticket.escalation_level, lt: 2}", false},
        Case{"{field: ticket.escalation_level, lte: 2}", true}, Case{"{field: ticket.escalation_level, lte: 1}", false},
        Case{"{field: ticket.escalation_level, in: [1, 2]}", true},
        Case{"{field: ticket.idle, gt: 72h}", true}, Case{"{field: ticket.idle, gt: 74h}", false},
        Case{"{field: ticket.age, lte: 3d}", false}, Case{"{field: ticket.age, lt: 1w}", true},
        Case{"{field: ticket.created_at, lt: '2023-11-15T00:00:00Z'}", true},
        Case{"{field: ticket.created_at, gt: '2023-11-15T00:00:00Z'}", false},
        Case{"{field: ticket.created_at, eq: '2023-11-14T22:13:20Z'}", true},
        Case{"{field: message.is_internal, eq: false}", true},
        Case{"{field: customer.name, exists: false}", true}, Case{"{field: customer.name, exists: true}", false},
        Case{"{field: ticket.category, exists: true}", true},
        // A field with no value: only ne, not_in and exists:false hold.
        Case{"{field: customer.name, eq: Ann}", false}, Case{"{field: customer.name, ne: Ann}", true},
        Case{"{field: customer.tier, not_in: [gold]}", true}, Case{"{field: agent.open_tickets, gt: 0}", false},
        Case{"{all: [{field: ticket.category, eq: payment}, {field: ticket.priority, eq: high}]}", true},
        Case{"{all: [{field: ticket.category, eq: payment}, {field: ticket.priority, eq: low}]}", false},
        Case{"{any: [{field: ticket.category, eq: account}, {field: ticket.priority, eq: high}]}", true},
        Case{"{any: [{field: ticket.category, eq: account}, {field: ticket.priority, eq: low}]}", false},
        Case{"{not: {field: ticket.category, eq: account}}", true},
        Case{"{not: {field: ticket.category, eq: payment}}", false}));

TEST(ConditionErrors, UnknownFieldListsTheValidOnes) {
  const auto e = error_of([] { (void)cond("{field: ticket.colour, eq: red}"); });
  EXPECT_EQ(e.rfind("t.yaml:1:9: unknown field 'ticket.colour' (valid: ticket.id, ticket.number,", 0), 0u) << e;
  EXPECT_NE(e.find("event.rating, incident.id, incident.title, incident.url, channel)"), std::string::npos) << e;
}

TEST(ConditionErrors, UnknownOperatorListsTheValidOnes) {
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.category, like: pay}"); }),
            "t.yaml:1:26: unknown operator 'like' (valid: eq, ne, in, not_in, contains, matches, gt, gte, lt, lte, exists)");
}

TEST(ConditionErrors, PointsAtTheOffendingNodeInNestedYaml) {
  const std::string yaml = "all:\n  - {field: ticket.priority, eq: high}\n  - field: ticket.idle\n    gt: 3 days\n";
  EXPECT_EQ(error_of([&] { (void)cond(yaml); }),
            "t.yaml:4:9: bad duration '3 days': unexpected character ' '");
}

TEST(ConditionErrors, BadValues) {
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.priority, eq: critical}"); }),
            "t.yaml:1:30: 'critical' is not a valid ticket.priority (valid: urgent, high, medium, low)");
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.escalation_level, gt: two}"); }),
            "t.yaml:1:38: ticket.escalation_level is a number; 'two' is not");
  EXPECT_EQ(error_of([] { (void)cond("{field: message.text, matches: '(unclosed'}"); }).rfind(
                "t.yaml:1:32: bad regular expression '(unclosed': ", 0),
            0u);
  EXPECT_EQ(error_of([] { (void)cond("{field: message.text, gt: 3}"); }),
            "t.yaml:1:27: gt compares numbers, times or durations; message.text is text");
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.tags, eq: vip}"); }),
            "t.yaml:1:26: eq compares single values (use contains or in for a list); ticket.tags is a list");
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.category, in: []}"); }), "t.yaml:1:30: in needs a non-empty list");
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.category, eq: a, ne: b}"); }),
            "t.yaml:1:33: a condition takes one operator; use all/any to combine");
  EXPECT_EQ(error_of([] { (void)cond("{some: []}"); }).rfind("t.yaml:1:2: unknown condition 'some' (valid: all, any, not", 0), 0u);
  EXPECT_EQ(error_of([] { (void)cond("{field: ticket.created_at, gt: yesterday}"); }),
            "t.yaml:1:32: ticket.created_at is a time; expected ISO 8601 UTC like 2026-01-31T09:00:00Z, got 'yesterday'");
}

TEST(ConditionExplain, FirstFailureNamesTheLeaf) {
  const auto c = cond("{all: [{field: ticket.category, eq: payment}, {field: ticket.priority, in: [urgent]}]}");
  const auto* failed = c.first_failure(sample());
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->text, "ticket.priority in [urgent]");
  EXPECT_EQ(c.leaf_count(), 2u);
}

}  // namespace
}  // namespace frontdesk::rules
