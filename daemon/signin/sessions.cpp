// SPDX-License-Identifier: Apache-2.0
#include "signin/sessions.hpp"

#include "api/auth.hpp"
#include "http/request.hpp"
#include "security/tokens.hpp"
#include "storage/connection.hpp"

namespace frontdesk::signin {

namespace {

std::string digest_of(std::string_view cookie) {
  return security::to_bytea_hex(security::token_digest(cookie));
}

// What the session list shows of the browser: printable ASCII, as user agents are, bounded.
std::string user_agent_of(const http::Request& request) {
  std::string out;
  for (const char c : request.header("User-Agent").value_or("")) {
    if (out.size() == 512) break;
    if (c >= 0x20 && c <= 0x7e) out += c;
  }
  return out;
}

}  // namespace

std::string start_session(storage::Connection& db, const Person& person, const http::Request& request) {
  const auto cookie_name = person.kind == "console" ? api::kConsoleCookie : api::kPortalCookie;
  if (const auto old = request.cookie(cookie_name)) {
    db.exec("UPDATE sessions SET revoked_at = now() WHERE token_hash = $1::bytea AND revoked_at IS NULL",
            digest_of(*old));
  }
  auto token = security::generate_token(person.kind == "console" ? "fds_" : "fdp_");
  db.exec(
      "INSERT INTO sessions (token_hash, kind, agent_id, customer_id, client_address, user_agent, expires_at) "
      "VALUES ($1::bytea, $2, CASE WHEN $2 = 'console' THEN $3::bigint END, "
      "  CASE WHEN $2 = 'portal' THEN $3::bigint END, $4, $5, now() + make_interval(secs => $6))",
      digest_of(token), person.kind, person.id, request.remote_addr, user_agent_of(request),
      static_cast<std::int64_t>(kSessionLifetime.count()));
  return token;
}

}  // namespace frontdesk::signin
