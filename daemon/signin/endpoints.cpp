// SPDX-License-Identifier: Apache-2.0
#include "signin/endpoints.hpp"

#include "api/json_body.hpp"
#include "http/request.hpp"
#include "security/password.hpp"
#include "signin/login_throttle.hpp"
#include "signin/session_cookie.hpp"
#include "signin/sessions.hpp"
#include "storage/connection.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace frontdesk::signin {

namespace json = boost::json;
using api::Answer;
using api::Reply;

namespace {

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return text;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

json::object agent_summary(storage::Connection& db, std::int64_t agent_id) {
  auto row = db.exec("SELECT id, name, email, role, languages[1] FROM agents WHERE id = $1", agent_id);
  if (row.rows() == 0) return {};
  return {{"id", row.get<std::int64_t>(0, 0)}, {"name", row.text(0, 1)}, {"email", row.text(0, 2)},
          {"role", row.text(0, 3)}, {"language", row.is_null(0, 4) ? "en" : row.text(0, 4)}};
}

json::object customer_summary(storage::Connection& db, std::int64_t customer_id) {
  auto row = db.exec("SELECT id, name, language FROM customers WHERE id = $1", customer_id);
  if (row.rows() == 0) return {};
  return {{"id", row.get<std::int64_t>(0, 0)}, {"name", row.text(0, 1)}, {"language", row.text(0, 2)}};
}

// The session cookie's value the request was signed with (its kind's cookie).
std::string_view session_cookie_of(const http::Request& request, const api::Principal& principal) {
  const auto name = principal.role == core::Role::customer ? api::kPortalCookie : api::kConsoleCookie;
  return request.cookie(name).value_or("");
}

}  // namespace

namespace endpoints {

Answer login(SignInCall& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"email", "password"}));
  FD_TRY(const auto typed, body.required_string("email", 320));
  FD_TRY(const auto password, body.required_string("password", 1024));
  const auto email = lower_ascii(trimmed(typed));
  if (email.empty() || password.empty()) return api::invalid("email and password are required");
  const auto& client = call.request.remote_addr;

  if (const auto refusal = login_refusal(call.db, email, client)) {
    const std::string why = refusal->code == "account_locked" ? "too many failed logins for this address"
                                                              : "too many failed logins from this client";
    return api::problem(429, refusal->code,
                        why + "; try again in " + std::to_string(refusal->retry_after.count()) + " s");
  }
  auto row = call.db.exec("SELECT id, password_hash FROM agents WHERE lower(email) = $1 ORDER BY id LIMIT 1", email);
  const bool known = row.rows() == 1 && !row.is_null(0, 1);
  const bool ok = known ? security::verify_password(row.text(0, 1), password)
                        : (security::spend_verification_time(password), false);
  if (!ok) {
    record_login_failure(call.db, email, client);
    // One answer for an unknown address and a wrong password: nothing tells which it was.
    return api::problem(401, "invalid_credentials", "the e-mail address or the password is wrong");
  }
  const auto agent_id = row.get<std::int64_t>(0, 0);
  clear_login_failures(call.db, email);
  const auto cookie = start_session(call.db, Person{"console", agent_id}, call.request);
  Reply reply;
  reply.body["agent"] = agent_summary(call.db, agent_id);
  reply.body["csrfToken"] = api::csrf_token(cookie);
  reply.headers.emplace_back("Set-Cookie", session_cookie(api::kConsoleCookie, cookie, kSessionLifetime,
                                                          call.ctx.secure_cookies()));
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

Answer logout(SignInCall& call) {
  const auto& p = *call.principal;
  if (p.session_id == 0) return api::invalid("a bearer token is not a session: revoke it instead");
  call.db.exec("UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", p.session_id);
  Reply reply;
  reply.body["signedOut"] = true;
  const auto name = p.role == core::Role::customer ? api::kPortalCookie : api::kConsoleCookie;
  reply.headers.emplace_back("Set-Cookie", expired_cookie(name, call.ctx.secure_cookies()));
  return reply;
}

Answer current_session(SignInCall& call) {
  const auto& p = *call.principal;
  Reply reply;
  if (p.role == core::Role::customer) {
    reply.body["customer"] = customer_summary(call.db, p.customer_id);
  } else if (p.agent_id > 0) {
    reply.body["agent"] = agent_summary(call.db, p.agent_id);
  } else {
    reply.body["agent"] = json::object{{"id", nullptr}, {"name", "admin"}, {"role", "admin"}, {"language", "en"}};
  }
  if (p.session_id > 0) reply.body["csrfToken"] = api::csrf_token(session_cookie_of(call.request, p));
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

Answer list_sessions(SignInCall& call) {
  const auto& p = *call.principal;
  if (p.agent_id == 0 && p.customer_id == 0) return api::invalid("the bootstrap admin has no sessions");
  auto rows = call.db.exec(
      "SELECT id, client_address, user_agent, created_at, last_seen_at, expires_at FROM sessions "
      "WHERE (agent_id = $1 OR customer_id = $2) AND revoked_at IS NULL AND expires_at > now() "
      "  AND last_seen_at > now() - interval '1 day' ORDER BY last_seen_at DESC",
      p.agent_id > 0 ? p.agent_id : -1, p.role == core::Role::customer ? p.customer_id : -1);
  json::array list;
  for (int r = 0; r < rows.rows(); ++r) {
    const auto id = rows.get<std::int64_t>(r, 0);
    list.push_back({{"id", id}, {"clientAddress", rows.text(r, 1)}, {"userAgent", rows.text(r, 2)},
                    {"createdAt", rows.text(r, 3)}, {"lastSeenAt", rows.text(r, 4)},
                    {"expiresAt", rows.text(r, 5)}, {"current", id == p.session_id}});
  }
  Reply reply;
  reply.body["sessions"] = std::move(list);
  return reply;
}

Answer revoke_session(SignInCall& call) {
  const auto& p = *call.principal;
  const auto id = api::parse_id(call.request.params.at(0));
  if (!id) return api::not_found("session");
  // An admin may end anyone's session; others only their own.
  auto done = call.db.exec(
      "UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL "
      "AND ($2 OR agent_id = $3 OR customer_id = $4) RETURNING id",
      *id, p.role == core::Role::admin, p.agent_id > 0 ? p.agent_id : -1,
      p.role == core::Role::customer ? p.customer_id : -1);
  if (done.rows() == 0) return api::not_found("session");
  Reply reply;
  reply.body["revoked"] = *id;
  return reply;
}

}  // namespace endpoints

}  // namespace frontdesk::signin
