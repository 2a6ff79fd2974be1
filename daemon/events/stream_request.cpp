// SPDX-License-Identifier: Apache-2.0
#include "events/stream_request.hpp"

#include "events/event_store.hpp"

#include <charconv>

namespace frontdesk::events {

namespace {

std::optional<std::int64_t> parse_event_id(std::string_view text) {
  std::int64_t id = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (ec != std::errc{} || ptr != end || id < 0) return std::nullopt;
  return id;
}

// A browser sends cookies with a WebSocket upgrade from any page, so one a cookie signs must
// come from a page of this server (cross-site WebSocket hijacking).
bool same_origin(const http::Request& request) {
  const auto origin = request.header("Origin");
  const auto host = request.header("Host");
  if (!origin || !host) return false;
  const auto scheme_end = origin->find("://");
  return scheme_end != std::string_view::npos && origin->substr(scheme_end + 3) == *host;
}

}  // namespace

std::optional<StreamRequest> read_stream_request(const http::Request& request, http::Response& refusal) {
  StreamRequest r;
  if (const auto bearer = request.bearer_token()) {
    r.token = std::string(*bearer);
  } else if (auto query = request.query_param("access_token")) {
    r.token = std::move(*query);
  } else if (const auto console = request.cookie(api::kConsoleCookie)) {
    r.session_kind = "console";
    r.session_cookie = std::string(*console);
  } else if (const auto portal = request.cookie(api::kPortalCookie)) {
    r.session_kind = "portal";
    r.session_cookie = std::string(*portal);
  }
  if (!r.session_cookie.empty() && request.header("Upgrade") && !same_origin(request)) {
    refusal = http::Response::error(403, "forbidden", "a session's stream opens only from this server's pages");
    return std::nullopt;
  }
  if (r.token.empty() && r.session_cookie.empty()) {
    refusal = http::Response::error(401, "unauthorized", "a valid bearer token is required");
    refusal.headers.emplace_back("WWW-Authenticate", "Bearer");
    return std::nullopt;
  }
  if (const auto types = request.query_param("types")) {
    std::string error;
    auto filter = parse_type_filter(*types, error);
    if (!filter) {
      refusal = http::Response::error(422, "validation_failed", "types: " + error);
      return std::nullopt;
    }
    r.filter = std::move(*filter);
  }
  std::optional<std::string> resume;
  if (const auto header = request.header("Last-Event-ID")) {
    resume = std::string(*header);
  } else {
    resume = request.query_param("lastEventId");
  }
  if (resume && !resume->empty()) {
    r.resume_after = parse_event_id(*resume);
    if (!r.resume_after) {
      refusal = http::Response::error(400, "bad_request", "Last-Event-ID must be an event id");
      return std::nullopt;
    }
  }
  return r;
}

Authorized authorize(storage::Connection& c, const StreamRequest& r, const std::string& bootstrap_admin_token) {
  Authorized a;
  a.principal = r.token.empty() ? api::authenticate_session(c, r.session_kind, r.session_cookie)
                                : api::authenticate(c, r.token, bootstrap_admin_token);
  if (a.principal && r.resume_after) a.newest = newest_event_id(c);
  return a;
}

std::optional<Audience> audience_for(const Authorized& a, const StreamRequest& r, http::Response& refusal) {
  if (!a.principal) {
    refusal = http::Response::error(401, "unauthorized", "a valid bearer token is required");
    refusal.headers.emplace_back("WWW-Authenticate", "Bearer");
    return std::nullopt;
  }
  if (r.resume_after && *r.resume_after > a.newest) {
    refusal = http::Response::error(400, "resume_in_future",
                                    "Last-Event-ID " + std::to_string(*r.resume_after) +
                                        " is newer than the newest event (" + std::to_string(a.newest) + ")");
    return std::nullopt;
  }
  Audience audience;
  const auto& p = *a.principal;
  audience.staff = p.role != core::Role::customer;
  audience.customer_id = p.customer_id;
  audience.agent_id = p.agent_id;
  audience.token_id = p.token_id;
  audience.session_id = p.session_id;
  audience.ticket_scoped = p.ticket_scoped;
  audience.filter = r.filter;
  return audience;
}

std::int64_t token_key(const Audience& audience) {
  if (audience.token_id > 0) return audience.token_id;
  return audience.session_id > 0 ? -audience.session_id - 1 : -1;
}

http::Response too_many_streams() {
  return http::Response::error(429, "too_many_streams", "this token has too many event streams open");
}

}  // namespace frontdesk::events
