// SPDX-License-Identifier: Apache-2.0
#include "events/event_routes.hpp"

#include "events/event_hub.hpp"
#include "events/event_store.hpp"
#include "events/stream_request.hpp"
#include "events/stream_signals.hpp"
#include "http/router.hpp"
#include "http/stream_body.hpp"
#include "http/websocket.hpp"
#include "realtime/presence.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <variant>

namespace frontdesk::events {

namespace {

namespace json = boost::json;
using boost::asio::awaitable;
using boost::asio::use_awaitable;

constexpr std::size_t kMaxEventBytes = std::size_t{1} << 20;

// Server-Sent Events: `id:`, `event:` and one `data:` line per event (the JSON has no line
// breaks), comment lines as heartbeats.
class SseSubscriber final : public Subscriber {
 public:
  SseSubscriber(Audience audience, std::shared_ptr<http::StreamBody> body)
      : Subscriber(std::move(audience)), body_(std::move(body)) {}

  bool send_event(const Event& e, const std::string& payload) override {
    std::string frame;
    frame.reserve(payload.size() + e.type.size() + 40);
    frame += "id: ";
    frame += std::to_string(e.id);
    frame += "\nevent: ";
    frame += e.type;
    frame += "\ndata: ";
    frame += payload;
    frame += "\n\n";
    return write(frame);
  }
  bool send_heartbeat() override { return write(": heartbeat\n\n"); }
  void fail(const std::string& code, const std::string& message) override {
    (void)write("event: error\ndata: " +
                json::serialize(json::object{{"code", code}, {"message", message}}) + "\n\n");
    body_->close();
  }

 private:
  bool write(std::string_view data) {
    const auto result = body_->write(data);
    if (result == http::SendResult::dropped) {
      spdlog::info("events: an SSE client fell too far behind; dropped");
    }
    return result == http::SendResult::queued;
  }
  std::shared_ptr<http::StreamBody> body_;
};

// WebSocket: one JSON text frame per event; the server's pings are the heartbeat.
class WsSubscriber final : public Subscriber {
 public:
  WsSubscriber(Audience audience, std::shared_ptr<http::WebSocket> socket)
      : Subscriber(std::move(audience)), socket_(std::move(socket)) {}

  bool send_event(const Event&, const std::string& payload) override {
    return socket_->send(http::FrameType::text, payload) == http::SendResult::queued;
  }
  bool send_heartbeat() override { return true; }
  void fail(const std::string& code, const std::string& message) override {
    (void)socket_->send(http::FrameType::text, error_frame(code, message));
    socket_->close(http::close_code::internal_error, code);
  }

  static std::string error_frame(const std::string& code, const std::string& message) {
    return json::serialize(json::object{{"type", "error"}, {"error", json::object{{"code", code}, {"message", message}}}});
  }

 private:
  std::shared_ptr<http::WebSocket> socket_;
};

// One WebSocket connection. The client starts its stream with its first frame,
// {"resume": <last id seen> | null}, or at once with ?lastEventId= on the URL; the server
// answers {"type": "welcome", "position": <newest final id>} and the events follow, with the
// typing and viewing signals the client may see. Once started, an agent's client sends
// {"type": "typing" | "viewing", "ticketId": n} (stream_signals.hpp).
class WsConnection final : public http::WebSocketHandler {
 public:
  WsConnection(const StreamContext& ctx, std::shared_ptr<http::WebSocket> socket, Audience audience)
      : ctx_(ctx), socket_(std::move(socket)), audience_(std::move(audience)), key_(token_key(audience_)) {}

  ~WsConnection() override { end(); }

  void start(std::optional<std::int64_t> resume_after) {
    started_ = true;
    (void)socket_->send(http::FrameType::text,
                        json::serialize(json::object{{"type", "welcome"}, {"position", ctx_.hub.position()}}));
    handle_ = ctx_.hub.subscribe(std::make_shared<WsSubscriber>(audience_, socket_), resume_after);
    signals_ = ctx_.presence.subscribe([socket = std::weak_ptr(socket_), audience = audience_](const auto& signal) {
      const auto frame = signal_frame(signal, audience);
      const auto held = socket.lock();
      if (frame && held) (void)held->send(http::FrameType::text, *frame);
    });
  }

  void on_message(http::FrameType type, std::string_view data) override {
    if (started_) {
      signal(type, data);
      return;
    }
    json::error_code ec;
    const auto frame = type == http::FrameType::text ? json::parse(data, ec) : json::value();
    const auto* object = ec ? nullptr : frame.if_object();
    const auto* resume = object ? object->if_contains("resume") : nullptr;
    if (resume == nullptr || !(resume->is_null() || resume->is_int64() || resume->is_uint64())) {
      (void)socket_->send(http::FrameType::text,
                          WsSubscriber::error_frame("bad_frame", "send {\"resume\": <last event id> | null}"));
      socket_->close(1008, "bad_frame");
      return;
    }
    if (resume->is_null()) {
      start(std::nullopt);
      return;
    }
    const auto id = resume->is_int64() ? resume->as_int64() : -1;
    const auto newest = ctx_.db.run_sync([](storage::Connection& c) { return newest_event_id(c); });
    if (id < 0 || id > newest) {
      (void)socket_->send(http::FrameType::text,
                          WsSubscriber::error_frame("resume_in_future", "resume id is not an event id up to " +
                                                                            std::to_string(newest)));
      socket_->close(1008, "resume_in_future");
      return;
    }
    start(id);
  }

  void on_close(std::uint16_t, std::string_view) override { end(); }

 private:
  // A typing or viewing frame: sent to every daemon's clients, or an error frame (the stream
  // goes on either way).
  void signal(http::FrameType type, std::string_view data) {
    const auto request = type == http::FrameType::text
                             ? parse_signal_request(data, audience_)
                             : std::variant<SignalRequest, FrameError>(FrameError{"bad_frame", "frames are JSON text"});
    if (const auto* error = std::get_if<FrameError>(&request)) {
      (void)socket_->send(http::FrameType::text, WsSubscriber::error_frame(error->code, error->message));
      return;
    }
    const auto& wanted = std::get<SignalRequest>(request);
    ctx_.presence.announce(wanted.kind, wanted.ticket_id, {true, audience_.agent_id}, "",
                           [socket = std::weak_ptr(socket_), ticket = wanted.ticket_id](auto announced) {
                             const auto held = socket.lock();
                             if (!held || announced == realtime::Presence::Announced::sent) return;
                             const bool missing = announced == realtime::Presence::Announced::no_ticket;
                             (void)held->send(http::FrameType::text,
                                              missing ? WsSubscriber::error_frame(
                                                            "not_found", "no ticket " + std::to_string(ticket))
                                                      : WsSubscriber::error_frame(
                                                            "unavailable", "not sent; send it again"));
                           });
  }

  void end() {
    if (ended_) return;
    ended_ = true;
    if (handle_) ctx_.hub.unsubscribe(handle_);
    if (signals_) ctx_.presence.unsubscribe(signals_);
    ctx_.hub.release(key_);
  }

  const StreamContext& ctx_;
  std::shared_ptr<http::WebSocket> socket_;
  Audience audience_;
  std::int64_t key_;
  bool started_ = false;
  bool ended_ = false;
  std::uint64_t handle_ = 0;
  std::uint64_t signals_ = 0;
};

awaitable<http::Response> serve_sse(const StreamContext& ctx, http::Request req) {
  http::Response refusal;
  const auto request = read_stream_request(req, refusal);
  if (!request) co_return refusal;
  auto work = [&ctx, &request](storage::Connection& c) { return authorize(c, *request, ctx.bootstrap_admin_token); };
  const auto authorized = co_await ctx.db.async_run(std::move(work), use_awaitable);
  const auto audience = audience_for(authorized, *request, refusal);
  if (!audience) co_return refusal;
  const auto key = token_key(*audience);
  if (!ctx.hub.reserve(key)) co_return too_many_streams();

  auto body = std::make_shared<http::StreamBody>(ctx.max_queued_bytes);
  // The reconnection delay EventSource uses, then the events (queued until the header is out).
  (void)body->write("retry: 1000\n\n");
  const auto handle = ctx.hub.subscribe(std::make_shared<SseSubscriber>(*audience, body), request->resume_after);
  body->on_end([&hub = ctx.hub, handle, key] {
    hub.unsubscribe(handle);
    hub.release(key);
  });
  http::Response r;
  r.status = 200;
  r.content_type = "text/event-stream; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Accel-Buffering", "no");
  r.stream = std::move(body);
  co_return r;
}

// The upgrade is decided on the connection's strand: the token lookup is one indexed query.
http::WebSocketAccept open_ws(const StreamContext& ctx, const http::Request& req,
                              std::shared_ptr<http::WebSocket> socket) {
  http::Response refusal;
  const auto request = read_stream_request(req, refusal);
  if (!request) return {nullptr, std::move(refusal)};
  const auto authorized =
      ctx.db.run_sync([&](storage::Connection& c) { return authorize(c, *request, ctx.bootstrap_admin_token); });
  const auto audience = audience_for(authorized, *request, refusal);
  if (!audience) return {nullptr, std::move(refusal)};
  if (!ctx.hub.reserve(token_key(*audience))) return {nullptr, too_many_streams()};
  auto connection = std::make_shared<WsConnection>(ctx, std::move(socket), *audience);
  if (request->resume_after) connection->start(request->resume_after);
  return {connection, {}};
}

}  // namespace

void register_stream_routes(http::Router& router, const StreamContext& context) {
  router.add_coro("GET", "/api/v1/support/events",
                  [&context](http::Request req) { return serve_sse(context, std::move(req)); });
  http::WebSocketRoute route;
  // An event carries a ticket and a message, each up to 64 KiB of text; the queue bound leaves
  // room for one such event beyond the backlog, as the SSE body does.
  route.limits.max_message_bytes = kMaxEventBytes;
  route.limits.max_queued_bytes = context.max_queued_bytes + kMaxEventBytes;
  // Pings go out every half of it; a client that answers nothing for this long is gone.
  route.limits.idle_timeout = std::max<std::chrono::milliseconds>(2 * context.heartbeat, std::chrono::minutes(1));
  route.open = [&context](const http::Request& req, std::shared_ptr<http::WebSocket> socket) {
    return open_ws(context, req, std::move(socket));
  };
  router.add_websocket("/api/v1/support/stream", std::move(route));
}

}  // namespace frontdesk::events
