// SPDX-License-Identifier: Apache-2.0
// `frontdesk rules test --event FILE.json`: an event described in JSON, evaluated with no
// side effects, reported one line per rule.
//
// The file: {"event": "ticket.created" | {"name": ..., "old": ..., "new": ..., "rating": ...,
// "depth": ..., "actor": ..., "rule": ...}, "ticket": {...}, "message": {...},
// "customer": {...}, "agent": {...}, "channel": ..., "now": "<ISO time>"} with the field
// names rules use (ticket.category is "ticket": {"category": ...}). ticket.age and
// ticket.idle are derived from created_at/last_activity_at and "now" unless given.
#pragma once

#include "core/expected.hpp"
#include "rules/evaluator.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace frontdesk::rules {

struct TestEvent {
  Event event = Event::ticket_created;
  Facts facts;
};

// `now_ms` is used when the file has no "now". Errors name the offending key.
[[nodiscard]] core::Expected<TestEvent, std::string> parse_test_event(const boost::json::value& json,
                                                                       std::int64_t now_ms);

// "MATCH <rule> => action; action" or "SKIP <rule>: <failed condition>", one per rule;
// a Lua failure is "MATCH <rule> => lua error: <message>".
[[nodiscard]] std::string format_outcome(const RuleOutcome& outcome);
[[nodiscard]] boost::json::value outcome_json(const RuleOutcome& outcome);

}  // namespace frontdesk::rules
