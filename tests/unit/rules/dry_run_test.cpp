// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

#include "rules/dry_run.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::rules {
namespace {

core::Expected<TestEvent, std::string> parse(const char* json) {
  std::int64_t now = 0;
  EXPECT_TRUE(parse_iso_time("2026-11-21T10:00:00Z", now));
  return parse_test_event(boost::json::parse(json), now);
}

TEST(DryRun, ReadsEventFilesWithTheRuleFieldNames) {
  const auto e = parse(R"({"event": {"name": "survey.answered", "rating": 2, "new": "x"},
                           "ticket": {"category": "payment", "tags": ["vip"], "escalation_level": 1,
                                      "last_activity_at": "2026-11-18T10:00:00Z"},
                           "message": {"text": "hi", "is_internal": false},
                           "customer": {"name": "Ana"}, "channel": "email"})");
  ASSERT_TRUE(e) << e.error();
  EXPECT_EQ(e->event, Event::survey_answered);
  EXPECT_EQ(e->facts[Field::event_rating].number, 2);
  EXPECT_EQ(e->facts[Field::ticket_tags].list, std::vector<std::string>{"vip"});
  EXPECT_EQ(to_display(e->facts[Field::ticket_idle]), "3d") << "derived from last_activity_at and now";
  EXPECT_EQ(e->facts[Field::channel].text, "email");
}

TEST(DryRun, RejectsUnknownKeysAndBadValues) {
  EXPECT_EQ(parse(R"({"ticket": {}})").error(), "the event file needs \"event\"");
  EXPECT_EQ(parse(R"({"event": "ticket.closed"})").error().rfind("\"event\" must name an event (valid: ticket.created,", 0), 0u);
  EXPECT_EQ(parse(R"({"event": "ticket.created", "ticket": {"escalation_level": "high"}})").error(),
            "ticket.escalation_level must be a number");
  EXPECT_EQ(parse(R"({"event": "ticket.created", "ticket": {"idle": "3 days"}})").error(),
            "ticket.idle: bad duration '3 days': unexpected character ' '");
  EXPECT_EQ(parse(R"({"event": "ticket.created", "tickets": {}})").error(),
            "unknown key 'tickets' (valid: event, ticket, message, customer, agent, incident, channel, now)");
  EXPECT_EQ(parse(R"({"event": "ticket.created", "agent": {"mood": "ok"}})").error(),
            "unknown field 'agent.mood' (valid agent keys: id, name, email, availability, open_tickets)");
}

TEST(DryRun, FormatsMatchAndSkipLines) {
  const auto set = load_rule_text("r.yaml", R"(
- {name: tag payments, on: ticket.created, if: {field: ticket.category, eq: payment}, then: [{add_tag: pay}, stop]}
- {name: never, on: ticket.created, if: {field: ticket.priority, eq: urgent}, then: [{add_tag: x}]}
)",
                                  testing::templates_with({}));
  auto e = parse(R"({"event": "ticket.created", "ticket": {"category": "payment", "priority": "low"}})");
  ASSERT_TRUE(e);
  const auto out = evaluate(*set, e->event, e->facts, {true, nullptr});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(format_outcome(out[0]), "MATCH tag payments => add_tag: pay; stop");
  EXPECT_EQ(format_outcome(out[1]), "SKIP never: an earlier rule stopped the chain");
  e = parse(R"({"event": "ticket.created", "ticket": {"category": "booking"}})");
  EXPECT_EQ(format_outcome(evaluate(*set, e->event, e->facts, {true, nullptr})[0]),
            "SKIP tag payments: ticket.category eq payment (ticket.category is 'booking')");
}

}  // namespace
}  // namespace frontdesk::rules
