// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who is calling: a bearer token (integrators, the CLI), else a session cookie (agents in the
// console, customers in the portal). Tokens and cookies are looked up by their SHA-256.
#include "api/problem.hpp"
#include "core/ticket_enums.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}
namespace frontdesk::http {
struct Request;
}

namespace frontdesk::api {

// The cookies of the two kinds of session (DESIGN.md "Sign-in").
inline constexpr std::string_view kConsoleCookie = "fd_session";
inline constexpr std::string_view kPortalCookie = "fd_portal";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct Principal {
  core::Role role = core::Role::customer;
  std::int64_t customer_id = 0;  // set for customers
  std::int64_t agent_id = 0;     // set for agents (and admins that are agents)
  std::int64_t token_id = 0;     // the api_tokens row (0 for the bootstrap admin)
  std::int64_t session_id = 0;   // the sessions row, when a cookie signed the caller in
  // A token the web form issued sees only the tickets listed for it (api_token_tickets):
  // an address typed into a form proves nothing about who typed it.
  bool ticket_scoped = false;
};

// The principal behind `token`, or nullopt when it is unknown, revoked or expired. The
// bootstrap admin token (from config or FRONTDESK_ADMIN_TOKEN) is compared in constant time.
std::optional<Principal> authenticate(storage::Connection& connection, std::string_view token,
                                      std::string_view bootstrap_admin_token);

// The principal behind a session cookie's value of `kind` ("console" or "portal"), or nullopt
// when it is unknown, revoked or expired. Marks the session seen (at most once a minute).
std::optional<Principal> authenticate_session(storage::Connection& connection, std::string_view kind,
                                              std::string_view cookie);

// The caller of `request`: its bearer token, else its console cookie, else its portal cookie.
// 401 without any valid one; 403 `csrf_failed` for a write (any method but GET and HEAD) that
// a cookie signs without the session's CSRF token in X-CSRF-Token.
Result<Principal> authenticate_request(storage::Connection& connection, const http::Request& request,
                                       std::string_view bootstrap_admin_token);

// Whether the request carries a bearer token or a session cookie (public endpoints answer
// callers without one as the public).
bool has_credentials(const http::Request& request);

// The CSRF token of a session: an HMAC of its cookie, so it needs no storage and cannot be
// computed by a page that cannot read the cookie.
std::string csrf_token(std::string_view session_cookie);

}  // namespace frontdesk::api
