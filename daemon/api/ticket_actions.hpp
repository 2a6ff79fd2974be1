#pragma once
// Changes to one ticket, shared by the single-ticket endpoints and POST /tickets/bulk.
#include "api/ticket_access.hpp"

#include <optional>
#include <string>

namespace frontdesk::api {

// Assigns to `agent_id` (agents only to themselves); an open, reopened or escalated ticket
// becomes assigned.
void assign_ticket(Call& call, TicketRow& ticket, std::int64_t agent_id);

void set_priority(Call& call, TicketRow& ticket, const std::string& priority);

struct Closing {
  std::string resolution_type;
  std::optional<std::string> summary;
  std::optional<std::string> notes;
};
void close_ticket(Call& call, TicketRow& ticket, const Closing& closing);

}  // namespace frontdesk::api
