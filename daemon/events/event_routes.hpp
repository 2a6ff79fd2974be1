// SPDX-License-Identifier: Apache-2.0
#pragma once
// GET /api/v1/support/events (Server-Sent Events) and GET /api/v1/support/stream (WebSocket):
// the caller's bearer token (Authorization, or ?access_token= for browsers, whose EventSource
// and WebSocket cannot send headers) decides what it sees; ?types= filters; Last-Event-ID (or
// ?lastEventId=, or the WebSocket's {"resume": id}) resumes.
#include <chrono>
#include <cstddef>
#include <string>

namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}
namespace frontdesk::realtime {
class Presence;
}

namespace frontdesk::events {

class EventHub;

struct StreamContext {
  storage::Database& db;
  EventHub& hub;
  realtime::Presence& presence;
  std::string bootstrap_admin_token;
  std::size_t max_queued_bytes = std::size_t{1} << 20;
  std::chrono::milliseconds heartbeat{15000};
};

// `context` must outlive the router.
void register_stream_routes(http::Router& router, const StreamContext& context);

}  // namespace frontdesk::events
