// SPDX-License-Identifier: Apache-2.0
#pragma once
// What both stream routes read from the upgrade or GET request: the token, the type filter
// and the resume id, with the HTTP error for each mistake (the stream's few 4xx answers).
#include "api/auth.hpp"
#include "events/event_types.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::events {

struct StreamRequest {
  std::string token;           // a bearer token, or
  std::string session_kind;    // "console" or "portal", with
  std::string session_cookie;  // that session's cookie
  TypeFilter filter;
  std::optional<std::int64_t> resume_after;
};

// The request's parts, or the 4xx answer: 401 without a token or session cookie, 403 for a
// WebSocket upgrade a cookie signs from another origin, 400 for a malformed resume id, 422
// for an unknown event type.
std::optional<StreamRequest> read_stream_request(const http::Request& request, http::Response& refusal);

struct Authorized {
  std::optional<api::Principal> principal;
  std::int64_t newest = 0;  // the newest audit id, when a resume id was given
};
// On a database thread: the token's principal and, for a resume, the newest event id.
Authorized authorize(storage::Connection& c, const StreamRequest& r, const std::string& bootstrap_admin_token);

// The audience of a principal, or the 4xx answer (401 unknown token, 400 a resume id from the
// future).
std::optional<Audience> audience_for(const Authorized& a, const StreamRequest& r, http::Response& refusal);

// The per-token connection count's key: the token's id, a session's negated id, or -1 for
// the bootstrap admin, who has no token row.
std::int64_t token_key(const Audience& audience);

// 429 when a token has too many streams open.
http::Response too_many_streams();

}  // namespace frontdesk::events
