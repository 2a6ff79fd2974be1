#include "api/auth.hpp"

#include "security/tokens.hpp"
#include "storage/connection.hpp"

namespace frontdesk::api {

std::optional<Principal> authenticate(storage::Connection& connection, std::string_view token,
                                      std::string_view bootstrap_admin_token) {
  if (token.empty() || token.size() > 512) return std::nullopt;
  if (!bootstrap_admin_token.empty() &&
      security::constant_time_equal(token, bootstrap_admin_token)) {
    return Principal{.role = core::Role::admin};
  }
  const auto digest = security::to_bytea_hex(security::token_digest(token));
  auto rows = connection.exec(
      "SELECT role, coalesce(customer_id, 0), coalesce(agent_id, 0), id, ticket_scoped "
      "FROM api_tokens "
      "WHERE token_hash = $1::bytea AND revoked_at IS NULL "
      "AND (expires_at IS NULL OR expires_at > now())",
      digest);
  if (rows.rows() == 0) return std::nullopt;
  const auto role = core::parse_role(rows.text(0, 0));
  if (!role) return std::nullopt;
  return Principal{.role = *role,
                   .customer_id = rows.get<std::int64_t>(0, 1),
                   .agent_id = rows.get<std::int64_t>(0, 2),
                   .token_id = rows.get<std::int64_t>(0, 3),
                   .ticket_scoped = rows.get<bool>(0, 4)};
}

}  // namespace frontdesk::api
