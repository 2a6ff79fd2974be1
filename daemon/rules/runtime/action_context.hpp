// SPDX-License-Identifier: Apache-2.0
// What an action needs while it runs inside one event's transaction: the ticket, the facts
// later rules see, and the ticket domain's writer acting as the rule (the depth that stops
// loops travels on every event it raises).
#pragma once

#include "rules/rule.hpp"
#include "rules/runtime/ticket_state.hpp"
#include "tickets/ticket_writer.hpp"

#include <cstdint>
#include <string>

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

  // The ticket domain acting as this rule at the rules' clock.
  [[nodiscard]] tickets::TicketWriter writer() const;
};

// The ISO text of `ms`, for timestamptz parameters.
[[nodiscard]] std::string timestamp(std::int64_t ms);

}  // namespace frontdesk::rules::runtime
