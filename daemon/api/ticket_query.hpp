#pragma once
// Reads one ticket, with its messages, as the JSON the API returns.
#include "api/auth.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::api {

// `id_or_number` is a numeric id or a TKT-… number. Returns the ticket as a JSON object
// text, or nullopt when it does not exist or the principal may not see it (customers see
// only their own tickets, and never internal notes).
std::optional<std::string> load_ticket_json(storage::Connection& connection,
                                            std::string_view id_or_number,
                                            const Principal& principal);

}  // namespace frontdesk::api
