// SPDX-License-Identifier: Apache-2.0
#include "api/auth.hpp"

#include "http/request.hpp"
#include "security/tokens.hpp"
#include "storage/connection.hpp"

namespace frontdesk::api {

namespace {

constexpr std::size_t kMaxCredential = 512;
// A session not used for this long has ended (its absolute end is expires_at).
constexpr int kSessionIdleDays = 1;

bool is_safe_method(std::string_view method) { return method == "GET" || method == "HEAD"; }

}  // namespace

std::optional<Principal> authenticate(storage::Connection& connection, std::string_view token,
                                      std::string_view bootstrap_admin_token) {
  if (token.empty() || token.size() > kMaxCredential) return std::nullopt;
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

std::optional<Principal> authenticate_session(storage::Connection& connection, std::string_view kind,
                                              std::string_view cookie) {
  if (cookie.empty() || cookie.size() > kMaxCredential) return std::nullopt;
  const auto digest = security::to_bytea_hex(security::token_digest(cookie));
  // The agent's role is read now, not when the session began: a demoted admin is demoted at once.
  auto rows = connection.exec(
      "SELECT s.id, coalesce(s.agent_id, 0), coalesce(s.customer_id, 0), coalesce(a.role, ''), "
      "  s.last_seen_at < now() - interval '1 minute' "
      "FROM sessions s LEFT JOIN agents a ON a.id = s.agent_id "
      "WHERE s.token_hash = $1::bytea AND s.kind = $2 AND s.revoked_at IS NULL "
      "  AND s.expires_at > now() AND s.last_seen_at > now() - interval '1 day' * $3",
      digest, kind, kSessionIdleDays);
  // Seen is written at most once a minute: a request is not a write.
  if (rows.rows() == 1 && rows.get<bool>(0, 4)) {
    connection.exec("UPDATE sessions SET last_seen_at = now() WHERE id = $1", rows.get<std::int64_t>(0, 0));
  }
  if (rows.rows() == 0) return std::nullopt;
  Principal p{.session_id = rows.get<std::int64_t>(0, 0)};
  if (kind == "portal") {
    p.role = core::Role::customer;
    p.customer_id = rows.get<std::int64_t>(0, 2);
    return p;
  }
  const auto role = core::parse_role(rows.text(0, 3));
  if (!role || *role == core::Role::customer) return std::nullopt;
  p.role = *role;
  p.agent_id = rows.get<std::int64_t>(0, 1);
  return p;
}

Result<Principal> authenticate_request(storage::Connection& connection, const http::Request& request,
                                       std::string_view bootstrap_admin_token) {
  if (const auto token = request.bearer_token()) {
    if (auto principal = authenticate(connection, *token, bootstrap_admin_token)) return *principal;
    return problem(401, "unauthorized", "a valid bearer token is required");
  }
  for (const auto& [cookie_name, kind] : {std::pair{kConsoleCookie, "console"}, std::pair{kPortalCookie, "portal"}}) {
    const auto cookie = request.cookie(cookie_name);
    if (!cookie) continue;
    auto principal = authenticate_session(connection, kind, *cookie);
    if (!principal) continue;
    if (!is_safe_method(request.method)) {
      const auto sent = request.header(kCsrfHeader);
      if (!sent || !security::constant_time_equal(*sent, csrf_token(*cookie))) {
        return problem(403, "csrf_failed", "a write signed by a session cookie needs its X-CSRF-Token");
      }
    }
    return *principal;
  }
  return problem(401, "unauthorized", "a valid bearer token or session is required");
}

bool has_credentials(const http::Request& request) {
  return request.header("Authorization") || request.cookie(kConsoleCookie) || request.cookie(kPortalCookie);
}

std::string csrf_token(std::string_view session_cookie) {
  return security::hmac_sha256_hex(session_cookie, "frontdesk csrf v1");
}

}  // namespace frontdesk::api
