#pragma once
// Changes to one ticket, shared by the single-ticket endpoints and POST /tickets/bulk: the
// caller's permissions are checked here, the change is the ticket domain's.
#include "api/ticket_access.hpp"

#include <optional>
#include <string>

namespace frontdesk::api {

// Assigns to `agent_id` (agents only to themselves).
void assign_ticket(Call& call, Ticket& ticket, std::int64_t agent_id);

void set_priority(Call& call, Ticket& ticket, const std::string& priority);

void close_ticket(Call& call, Ticket& ticket, const tickets::Closing& closing);

// Merges `duplicate_ref` into `survivor_ref` (both locked in id order).
struct Merged {
  Ticket duplicate;
  Ticket survivor;
  std::int64_t messages_moved = 0;
};
Merged merge_tickets(Call& call, std::string_view duplicate_ref, std::string_view survivor_ref);

}  // namespace frontdesk::api
