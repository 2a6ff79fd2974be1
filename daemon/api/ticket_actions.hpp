// SPDX-License-Identifier: Apache-2.0
#pragma once
// Changes to one ticket, shared by the single-ticket endpoints and POST /tickets/bulk: the
// caller's permissions are checked here, the change is the ticket domain's.
#include "api/ticket_access.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::api {

// Assigns to `agent_id` (agents only to themselves).
Result<> assign_ticket(Call& call, Ticket& ticket, std::int64_t agent_id);

Result<> set_priority(Call& call, Ticket& ticket, const std::string& priority);

Result<> close_ticket(Call& call, Ticket& ticket, const tickets::Closing& closing);

// Merges `duplicate_ref` into `survivor_ref` (both locked in id order).
struct Merged {
  Ticket duplicate;
  Ticket survivor;
  std::int64_t messages_moved = 0;
};
Result<Merged> merge_tickets(Call& call, std::string_view duplicate_ref,
                             std::string_view survivor_ref);

// The body of a split, {"messageIds": [...]}: the ids of the messages to move.
Result<std::vector<std::int64_t>> split_message_ids(const boost::json::value* message_ids);

// Moves `message_ids` off `ticket` onto a new ticket for the same customer.
Result<tickets::Split> split_ticket(Call& call, Ticket& ticket,
                                                  const std::vector<std::int64_t>& message_ids);

}  // namespace frontdesk::api
