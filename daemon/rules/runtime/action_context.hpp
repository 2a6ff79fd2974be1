// What an action needs while it runs inside one event's transaction, and the audit row
// every change writes (actor 'rule', the rule's name, the depth that stops loops).
#pragma once

#include "rules/rule.hpp"
#include "rules/runtime/ticket_state.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::rules::runtime {

struct ActionContext {
  storage::Connection& db;
  const RuleSet& set;
  TicketState& ticket;
  Facts& facts;
  const Rule& rule;
  int depth;              // the depth recorded on the events these changes raise
  std::int64_t now_ms;
};

// One audit_events row caused by ctx.rule on ctx.ticket; `data` gains {"depth": n}.
void audit(ActionContext& ctx, std::string_view event, const boost::json::value& old_value,
           const boost::json::value& new_value, boost::json::object data = {});

// The ISO text of `ms`, for timestamptz parameters.
[[nodiscard]] std::string timestamp(std::int64_t ms);

}  // namespace frontdesk::rules::runtime
