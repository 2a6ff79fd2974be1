// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/action_context.hpp"

namespace frontdesk::rules::runtime {

std::string timestamp(std::int64_t ms) { return format_iso_time(ms); }

tickets::TicketWriter ActionContext::writer() const {
  return tickets::TicketWriter(db, tickets::Actor::of_rule(rule.name, depth), timestamp(now_ms));
}

}  // namespace frontdesk::rules::runtime
