// SPDX-License-Identifier: Apache-2.0
#pragma once
// Sign-in sessions (the sessions table): started by a login or a portal link, ended by
// logout, revocation, a password change, 1 day unused, or 14 days after they began.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::http {
struct Request;
}
namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::signin {

inline constexpr std::chrono::seconds kSessionLifetime = std::chrono::hours(24 * 14);

struct Person {
  std::string_view kind;  // "console" (an agent) or "portal" (a customer)
  std::int64_t id;
};

// A new session for `person`: its cookie value, shown once, stored only as a digest. Any
// session the request's own cookie of that kind names is ended first, so a cookie planted
// before the login (session fixation) never becomes a signed-in one.
std::string start_session(storage::Connection& db, const Person& person, const http::Request& request);

}  // namespace frontdesk::signin
