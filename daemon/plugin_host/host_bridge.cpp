// SPDX-License-Identifier: Apache-2.0
#include "plugin_host/host_bridge.hpp"

#include "plugin_host/conversation.hpp"

#include "realtime/presence.hpp"

#include "http/router.hpp"
#include "ingest/pipeline.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "tickets/audit.hpp"
#include "tickets/delivery_report.hpp"
#include "web/json_page.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

struct fd_responder {
  frontdesk::http::Responder responder;
  const fd_host* host;
  frontdesk::web::PageRequest page;  // where the request came from, should it get a page
};

// One upgraded connection as a plugin holds it: two references, the plugin's (given back by
// ws_release) and the host's (given back after on_close), so neither outlives the other's use.
struct fd_ws_conn {
  std::shared_ptr<frontdesk::http::WebSocket> socket;
  std::atomic<int> refs{2};
};

namespace frontdesk::plugin_host {

namespace {

std::string_view view(fd_str s) { return s.data ? std::string_view(s.data, s.size) : std::string_view(); }
std::string copy(fd_str s) { return std::string(view(s)); }
fd_str str(std::string_view s) { return fd_str{s.data(), s.size()}; }

void host_log(fd_host* host, fd_log_level level, fd_str message) {
  const auto text = view(message);
  if (level >= FD_LOG_WARN) {
    const auto held_back = host->alarms.admit();
    if (!held_back) return;
    if (*held_back > 0) spdlog::warn("[{}] {} warnings and errors were not logged", host->channel, *held_back);
  }
  switch (level) {
    case FD_LOG_DEBUG: spdlog::debug("[{}] {}", host->channel, text); break;
    case FD_LOG_INFO: spdlog::info("[{}] {}", host->channel, text); break;
    case FD_LOG_WARN: spdlog::warn("[{}] {}", host->channel, text); break;
    default: spdlog::error("[{}] {}", host->channel, text); break;
  }
}

// An fd_http_request viewing `req`, valid while both live.
class CRequest {
 public:
  explicit CRequest(const http::Request& req) {
    headers_.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) headers_.push_back({str(name), str(value)});
    params_.reserve(req.params.size());
    for (const auto& p : req.params) params_.push_back(str(p));
    raw_.struct_size = sizeof(fd_http_request);
    raw_.method = str(req.method);
    raw_.path = str(req.path);
    raw_.query = str(req.query);
    raw_.remote_addr = str(req.remote_addr);
    raw_.headers = headers_.data();
    raw_.header_count = headers_.size();
    raw_.body = str(req.body);
    raw_.params = params_.data();
    raw_.param_count = params_.size();
  }
  CRequest(const CRequest&) = delete;
  CRequest& operator=(const CRequest&) = delete;

  const fd_http_request* get() const { return &raw_; }

 private:
  std::vector<fd_header> headers_;
  std::vector<fd_str> params_;
  fd_http_request raw_{};
};

void call_route(fd_host* host, fd_route_handler handler, void* user, const http::Request& req,
                http::Responder responder) {
  const CRequest c(req);
  const auto accept_language = req.header("Accept-Language");
  auto* handle = new fd_responder{
      std::move(responder), host,
      {req.path, req.query_param("lang"),
       accept_language ? std::optional<std::string>(*accept_language) : std::nullopt}};
  try {
    handler(user, c.get(), handle);
  } catch (...) {
    // A C++ plugin that lets an exception escape breaks the ABI contract; contain it.
    spdlog::error("[{}] route handler threw; answering 500", host->channel);
    handle->responder.send(http::Response::error(500, "internal_error", "plugin failure"));
    delete handle;
  }
}

int host_register_route(fd_host* host, fd_str method, fd_str pattern, uint32_t flags,
                        fd_route_handler handler, void* user) {
  if (!host->accepting_routes || handler == nullptr) return -1;
  const bool added = host->router->add(
      view(method), view(pattern),
      [host, handler, user](http::Request req, http::Responder responder) {
        call_route(host, handler, user, req, std::move(responder));
      },
      flags);
  if (!added) {
    spdlog::error("[{}] route {} {} clashes with an existing route", host->channel, view(method),
                  view(pattern));
    return -1;
  }
  return 0;
}

// A plugin's page answer rendered by the site; a 500 when the plugin named no page there or
// gave data that is not an object (a plugin defect, logged).
http::Response page_answer(const fd_host& host, const fd_http_response& response, const web::PageRequest& request) {
  if (host.site == nullptr) {
    spdlog::error("[{}] answered with a page, but the daemon serves no pages", host.channel);
    return http::Response::error(500, "internal_error", "no pages");
  }
  try {
    return web::json_page(*host.site, response.status, view(response.page), request, view(response.body));
  } catch (const std::exception& e) {
    spdlog::error("[{}] page {} not rendered: {}", host.channel, view(response.page), e.what());
    return http::Response::error(500, "internal_error", "plugin failure");
  }
}

void host_respond(fd_responder* handle, const fd_http_response* response) {
  if (handle == nullptr) return;
  std::unique_ptr<fd_responder> owned(handle);
  if (response == nullptr || response->struct_size < offsetof(fd_http_response, page)) {
    owned->responder.send(http::Response::error(500, "internal_error", "plugin gave no response"));
    return;
  }
  const bool is_page = response->struct_size >= offsetof(fd_http_response, page) + sizeof(fd_str) &&
                       response->page.size > 0;
  http::Response out = is_page ? page_answer(*owned->host, *response, owned->page) : http::Response{};
  if (!is_page) {
    out.status = response->status;
    out.content_type = copy(response->content_type);
    out.body = copy(response->body);
  }
  for (std::size_t i = 0; i < response->header_count; ++i) {
    auto name = copy(response->headers[i].name);
    // A plugin's header replaces the page's own of that name (its Cache-Control, its Vary).
    if (is_page) std::erase_if(out.headers, [&](const auto& h) { return boost::iequals(h.first, name); });
    out.headers.emplace_back(std::move(name), copy(response->headers[i].value));
  }
  owned->responder.send(std::move(out));
}

ingest::InboundMessage to_message(const fd_host& host, const fd_inbound_message& m) {
  ingest::InboundMessage out;
  static_cast<sdk::InboundMessage&>(out) = sdk::InboundMessage::from(m);
  out.channel = host.channel;
  return out;
}

void answer(fd_inbound_done done, void* user, const ingest::IngestResult& r) {
  fd_inbound_result c{};
  c.struct_size = sizeof(fd_inbound_result);
  c.status = static_cast<fd_ingest_status>(r.status);
  c.ticket_id = r.ticket_id;
  c.message_id = r.message_id;
  c.ticket_number = str(r.ticket_number);
  c.customer_token = str(r.customer_token);
  c.error = str(r.error);
  c.ticket_status = str(r.ticket_status);
  c.conversation_seq = r.conversation_seq;
  done(user, &c);
}

void host_submit_inbound(fd_host* host, const fd_inbound_message* message, fd_inbound_done done,
                         void* user) {
  if (done == nullptr) return;
  ingest::IngestResult refused;
  // Every field is read only if the plugin's struct_size covers it (InboundMessage::from);
  // a struct that ends before the first field cannot be a message.
  if (message == nullptr || message->struct_size < offsetof(fd_inbound_message, external_id) + sizeof(fd_str)) {
    refused.status = ingest::IngestStatus::rejected;
    refused.error = "inbound message struct is too small to be a message";
    answer(done, user, refused);
    return;
  }
  if (!host->accepting_input) {
    refused.status = ingest::IngestStatus::failed;
    refused.error = "shutting down";
    answer(done, user, refused);
    return;
  }
  host->pipeline->submit(to_message(*host, *message),
                         [done, user](const ingest::IngestResult& r) { answer(done, user, r); });
}

void* host_io_context(fd_host* host) { return host->io; }

void host_update_delivery(fd_host* host, fd_str provider_id, fd_str status, fd_str error,
                          fd_update_done done, void* user) {
  if (done == nullptr) return;
  const std::string state = copy(status);
  if (host->db == nullptr || provider_id.size == 0 ||
      (state != "sent" && state != "delivered" && state != "read" && state != "failed")) {
    done(user, FD_UPDATE_NOT_FOUND);
    return;
  }
  auto work = [channel = host->channel, id = copy(provider_id), state,
               reason = copy(error)](storage::Connection& c) {
    // A known message whose report changed nothing (an older status) is still applied: the
    // provider must not retry it. An unknown one is kept for when the outbox records the id.
    return tickets::record_delivery_report(c, channel, id, state, reason) == tickets::ReportOutcome::applied
               ? FD_UPDATE_APPLIED
               : FD_UPDATE_NOT_FOUND;
  };
  host->db->async_run(std::move(work), [done, user](std::exception_ptr e, fd_update_result r) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("delivery report not stored: {}", ex.what());
      }
      r = FD_UPDATE_FAILED;
    }
    done(user, r);
  });
}

constexpr std::string_view kAnnotateSql = R"SQL(
UPDATE messages SET metadata = metadata || $3::jsonb
WHERE id = $1 AND channel = $2 AND jsonb_typeof($3::jsonb) = 'object'
)SQL";

void host_annotate_message(fd_host* host, int64_t message_id, fd_str metadata_json,
                           fd_update_done done, void* user) {
  if (done == nullptr) return;
  if (host->db == nullptr || message_id <= 0 || metadata_json.size == 0) {
    done(user, FD_UPDATE_NOT_FOUND);
    return;
  }
  auto work = [channel = host->channel, message_id, json = copy(metadata_json)](storage::Connection& c) {
    return c.exec(kAnnotateSql, message_id, channel, json).affected_rows() > 0 ? FD_UPDATE_APPLIED
                                                                               : FD_UPDATE_NOT_FOUND;
  };
  host->db->async_run(std::move(work), [done, user](std::exception_ptr e, fd_update_result r) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const storage::PgError& ex) {
        // Invalid JSON is the plugin's mistake, not an outage.
        spdlog::error("message metadata not stored: {}", ex.what());
        r = ex.sqlstate.rfind("22", 0) == 0 ? FD_UPDATE_NOT_FOUND : FD_UPDATE_FAILED;
        done(user, r);
        return;
      } catch (const std::exception& ex) {
        spdlog::error("message metadata not stored: {}", ex.what());
      }
      r = FD_UPDATE_FAILED;
    }
    done(user, r);
  });
}

// ---- long-lived connections ----------------------------------------------------------------

// The plugin's route, copied at registration; fields past the plugin's struct_size keep
// their defaults (0: the host's limit).
fd_ws_route copy_route(const fd_ws_route& in) {
  fd_ws_route out{};
  out.struct_size = sizeof(fd_ws_route);
  std::memcpy(&out, &in, std::min<std::size_t>(in.struct_size, sizeof(fd_ws_route)));
  out.struct_size = sizeof(fd_ws_route);
  return out;
}

http::WebSocketLimits limits_of(const fd_ws_route& route) {
  http::WebSocketLimits limits;
  limits.max_message_bytes = route.max_message_bytes != 0 ? route.max_message_bytes : FD_WS_DEFAULT_MAX_MESSAGE_BYTES;
  limits.max_queued_bytes = route.max_queued_bytes != 0 ? route.max_queued_bytes : FD_WS_DEFAULT_MAX_QUEUED_BYTES;
  limits.idle_timeout = std::chrono::milliseconds(route.idle_timeout_ms != 0 ? route.idle_timeout_ms
                                                                              : FD_WS_DEFAULT_IDLE_TIMEOUT_MS);
  return limits;
}

std::string_view refusal_code(unsigned status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 429: return "rate_limited";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal_error" : "refused";
  }
}

// Relays one connection's events to the plugin. Holds one of the handle's two references,
// given back after on_close.
class PluginSocket final : public http::WebSocketHandler {
 public:
  PluginSocket(fd_host* host, const fd_ws_route& route, fd_ws_conn* conn, void* conn_user)
      : host_(host), route_(route), conn_(conn), conn_user_(conn_user) {}
  PluginSocket(const PluginSocket&) = delete;
  PluginSocket& operator=(const PluginSocket&) = delete;
  PluginSocket(PluginSocket&&) = delete;
  PluginSocket& operator=(PluginSocket&&) = delete;
  ~PluginSocket() override { unref(conn_); }

  void on_message(http::FrameType type, std::string_view data) override {
    try {
      route_.on_message(conn_user_, conn_, type == http::FrameType::text ? FD_WS_TEXT : FD_WS_BINARY, str(data));
    } catch (...) {
      spdlog::error("[{}] WebSocket message handler threw; closing the connection", host_->channel);
      conn_->socket->close(http::close_code::internal_error, "internal error");
    }
  }

  void on_close(std::uint16_t code, std::string_view reason) override {
    try {
      route_.on_close(conn_user_, conn_, code, str(reason));
    } catch (...) {
      spdlog::error("[{}] WebSocket close handler threw", host_->channel);
    }
  }

  static void unref(fd_ws_conn* conn) {
    if (conn->refs.fetch_sub(1) == 1) delete conn;
  }

 private:
  fd_host* host_;
  fd_ws_route route_;
  fd_ws_conn* conn_;
  void* conn_user_;
};

int register_websocket(fd_host* host, fd_str pattern, const fd_ws_route* route, void* user);

int host_register_websocket(fd_host* host, fd_str pattern, const fd_ws_route* route, void* user) noexcept {
  try {
    return register_websocket(host, pattern, route, user);
  } catch (const std::exception& e) {
    spdlog::error("[{}] WebSocket route {} not registered: {}", host->channel, view(pattern), e.what());
    return -1;
  }
}

int register_websocket(fd_host* host, fd_str pattern, const fd_ws_route* route, void* user) {
  if (!host->accepting_routes || route == nullptr ||
      route->struct_size < offsetof(fd_ws_route, on_close) + sizeof(route->on_close) ||
      route->on_open == nullptr || route->on_message == nullptr || route->on_close == nullptr) {
    return -1;
  }
  const fd_ws_route copy = copy_route(*route);
  http::WebSocketRoute entry;
  entry.limits = limits_of(copy);
  entry.open = [host, copy, user](const http::Request& req,
                                  std::shared_ptr<http::WebSocket> socket) -> http::WebSocketAccept {
    const CRequest c(req);
    auto* conn = new fd_ws_conn{std::move(socket)};
    void* conn_user = nullptr;
    std::uint16_t status = 500;
    try {
      status = copy.on_open(user, c.get(), conn, &conn_user);
    } catch (...) {
      spdlog::error("[{}] WebSocket open handler threw; answering 500", host->channel);
    }
    if (status != 0) {
      delete conn;
      const unsigned answer = status >= 400 && status <= 599 ? status : 500;
      return {nullptr, http::Response::error(answer, refusal_code(answer), "The WebSocket upgrade was refused.")};
    }
    return {std::make_shared<PluginSocket>(host, copy, conn, conn_user), {}};
  };
  try {
    if (host->router->add_websocket(view(pattern), std::move(entry))) return 0;
  } catch (const std::invalid_argument& e) {
    spdlog::error("[{}] WebSocket route {}: {}", host->channel, view(pattern), e.what());
    return -1;
  }
  spdlog::error("[{}] WebSocket route {} clashes with an existing route", host->channel, view(pattern));
  return -1;
}

// No exception goes back into a plugin: an allocation failure while queueing a frame drops
// the frame and says the connection is closed.
fd_ws_send_result host_ws_send(fd_ws_conn* conn, fd_ws_frame_type type, fd_str data) noexcept {
  if (conn == nullptr) return FD_WS_CLOSED;
  try {
    switch (conn->socket->send(type == FD_WS_BINARY ? http::FrameType::binary : http::FrameType::text,
                               view(data))) {
      case http::SendResult::queued: return FD_WS_QUEUED;
      case http::SendResult::closed: return FD_WS_CLOSED;
      case http::SendResult::dropped: return FD_WS_DROPPED;
      case http::SendResult::too_big: return FD_WS_TOO_BIG;
    }
  } catch (const std::exception& e) {
    spdlog::error("WebSocket frame not queued: {}", e.what());
  }
  return FD_WS_CLOSED;
}

void host_ws_close(fd_ws_conn* conn, uint16_t code, fd_str reason) noexcept {
  if (conn == nullptr) return;
  try {
    conn->socket->close(code, view(reason));
  } catch (const std::exception& e) {
    spdlog::error("WebSocket close not queued: {}", e.what());
  }
}

void host_ws_release(fd_ws_conn* conn) noexcept {
  if (conn != nullptr) PluginSocket::unref(conn);
}

// ---- conversations and broadcasts ----------------------------------------------------------

void host_conversation(fd_host* host, fd_str identity_value, int64_t after_seq, uint32_t limit,
                       fd_conversation_done done, void* user) noexcept {
  if (done == nullptr) return;
  if (host->db == nullptr || identity_value.size == 0) {
    done(user, host->db != nullptr ? 1 : 0, nullptr, 0);
    return;
  }
  try {
    auto work = [channel = host->channel, identity = copy(identity_value), after_seq, limit](storage::Connection& c) {
      return read_conversation(c, channel, identity, after_seq, limit);
    };
    host->db->async_run(std::move(work), [host, done, user](std::exception_ptr e,
                                                           std::vector<ConversationMessage> messages) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("[{}] conversation not read: {}", host->channel, ex.what());
        }
        done(user, 0, nullptr, 0);
        return;
      }
      std::vector<fd_conversation_message> raw(messages.size());
      for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        raw[i] = fd_conversation_message{sizeof(fd_conversation_message), m.seq, m.message_id, m.ticket_id,
                                         m.created_at_ms, str(m.ticket_number), str(m.direction),
                                         str(m.author_kind), str(m.author_name), str(m.body), str(m.external_id)};
      }
      done(user, 1, raw.data(), raw.size());
    });
  } catch (const std::exception& e) {
    spdlog::error("[{}] conversation not read: {}", host->channel, e.what());
    done(user, 0, nullptr, 0);
  }
}

// The open, published incidents as the web form's banner shows them (fd_incidents_done).
constexpr std::string_view kOpenIncidentsSql = R"sql(
SELECT jsonb_build_object('incidents', coalesce(jsonb_agg(jsonb_build_object(
  'id', i.id, 'title', i.title, 'impact', i.impact, 'href', '/status#incident-' || i.id) ORDER BY i.id DESC), '[]'))::text
FROM status_incidents i WHERE NOT i.draft AND i.status <> 'resolved')sql";

void host_open_incidents(fd_host* host, fd_incidents_done done, void* user) noexcept {
  if (done == nullptr) return;
  if (host->db == nullptr) {
    done(user, 0, str(std::string_view()));
    return;
  }
  try {
    auto work = [](storage::Connection& c) { return std::string(c.exec(kOpenIncidentsSql).text(0, 0)); };
    host->db->async_run(std::move(work), [host, done, user](std::exception_ptr e, std::string json) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("[{}] open incidents not read: {}", host->channel, ex.what());
        }
        done(user, 0, str(std::string_view()));
        return;
      }
      done(user, 1, str(json));
    });
  } catch (const std::exception& e) {
    spdlog::error("[{}] open incidents not read: {}", host->channel, e.what());
    done(user, 0, str(std::string_view()));
  }
}

int host_broadcast(fd_host* host, fd_str payload) noexcept {
  if (host->db == nullptr || payload.size > FD_BROADCAST_MAX_BYTES) return -1;
  try {
    host->db->run_sync([&](storage::Connection& c) { send_broadcast(c, host->channel, copy(payload)); });
    return 0;
  } catch (const std::exception& e) {
    spdlog::error("[{}] broadcast not sent: {}", host->channel, e.what());
    return -1;
  }
}

int host_on_broadcast(fd_host* host, fd_broadcast_handler handler, void* user) noexcept {
  if (handler == nullptr || !host->accepting_routes || host->broadcast_handler != nullptr) return -1;
  host->broadcast_handler = handler;
  host->broadcast_user = user;
  return 0;
}

// ---- typing ---------------------------------------------------------------------------------

int host_customer_typing(fd_host* host, int64_t ticket_id) noexcept {
  if (host->presence == nullptr) return -1;
  try {
    host->presence->announce(realtime::Signal::Kind::typing, ticket_id, {}, host->channel, [](auto) {});
    return 0;
  } catch (const std::exception& e) {
    spdlog::error("[{}] typing not sent: {}", host->channel, e.what());
    return -1;
  }
}

int host_on_agent_typing(fd_host* host, fd_typing_handler handler, void* user) noexcept {
  if (handler == nullptr || !host->accepting_routes || host->typing_handler != nullptr) return -1;
  host->typing_handler = handler;
  host->typing_user = user;
  return 0;
}

}  // namespace

static_assert(realtime::kTypingLasts == std::chrono::milliseconds(FD_TYPING_LASTS_MS));
static_assert(static_cast<int>(ingest::IngestStatus::created) == FD_INGEST_CREATED);
static_assert(static_cast<int>(ingest::IngestStatus::appended) == FD_INGEST_APPENDED);
static_assert(static_cast<int>(ingest::IngestStatus::duplicate) == FD_INGEST_DUPLICATE);
static_assert(static_cast<int>(ingest::IngestStatus::rejected) == FD_INGEST_REJECTED);
static_assert(static_cast<int>(ingest::IngestStatus::failed) == FD_INGEST_FAILED);

const fd_host_api& host_api() {
  static const fd_host_api api{FD_PLUGIN_ABI_VERSION, sizeof(fd_host_api), host_log,
                               host_register_route, host_respond, host_submit_inbound,
                               host_io_context, host_update_delivery,
                               host_annotate_message, host_register_websocket, host_ws_send,
                               host_ws_close, host_ws_release, host_conversation,
                               host_broadcast, host_on_broadcast, host_open_incidents, host_customer_typing,
                               host_on_agent_typing};
  return api;
}

}  // namespace frontdesk::plugin_host
