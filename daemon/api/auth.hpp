#pragma once
// Bearer-token authentication: tokens are looked up by their SHA-256 digest.
#include "core/ticket_enums.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::api {

struct Principal {
  core::Role role = core::Role::customer;
  std::int64_t customer_id = 0;  // set for customers
  std::int64_t agent_id = 0;     // set for agents (and admins that are agents)
  std::int64_t token_id = 0;     // the api_tokens row (0 for the bootstrap admin)
  // A token the web form issued sees only the tickets listed for it (api_token_tickets):
  // an address typed into a form proves nothing about who typed it.
  bool ticket_scoped = false;
};

// The principal behind `token`, or nullopt when it is unknown, revoked or expired. The
// bootstrap admin token (from config or FRONTDESK_ADMIN_TOKEN) is compared in constant time.
std::optional<Principal> authenticate(storage::Connection& connection, std::string_view token,
                                      std::string_view bootstrap_admin_token);

}  // namespace frontdesk::api
