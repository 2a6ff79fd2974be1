// SPDX-License-Identifier: Apache-2.0
#pragma once
// WebSocket (RFC 6455) on the HTTP server. A route added with Router::add_websocket accepts
// upgrade requests: its open function decides (on the connection's strand) whether to
// upgrade, the server does the handshake with Boost.Beast, and the handler hears every
// message and, once, the close. Sending is thread-safe and never blocks: frames are copied
// and posted to the connection's strand; a client whose outbound queue outgrows its bound is
// dropped rather than slowing anyone down.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace frontdesk::http {

enum class FrameType { text, binary };

struct WebSocketLimits {
  std::size_t max_message_bytes = std::size_t{64} * 1024;  // larger incoming: close 1009
  std::size_t max_queued_bytes = std::size_t{1024} * 1024;  // outbound beyond: drop the client
  // Nothing received (not even a pong to the pings sent every half of it): the connection
  // closes.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
};

enum class SendResult {
  queued,   // frames leave in the order they were queued
  closed,   // closing or closed: nothing queued
  dropped,  // the outbound queue was full: the client is being dropped
  too_big,  // larger than max_message_bytes: not queued
};

namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t abnormal = 1006;  // reported only: no close frame
inline constexpr std::uint16_t too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
}  // namespace close_code

// One upgraded connection, as its owner holds it. Every member is thread-safe; after the
// connection ended, send() answers `closed` and close() does nothing.
class WebSocket {
 public:
  WebSocket() = default;
  WebSocket(const WebSocket&) = delete;
  WebSocket& operator=(const WebSocket&) = delete;
  WebSocket(WebSocket&&) = delete;
  WebSocket& operator=(WebSocket&&) = delete;
  virtual ~WebSocket() = default;

  virtual SendResult send(FrameType type, std::string_view data) = 0;
  // Starts the close handshake after the frames already queued.
  virtual void close(std::uint16_t code, std::string_view reason) = 0;
};

// The events of one connection: called on its strand, in order, never concurrently.
// on_close comes exactly once, last, whatever ended the connection (the peer's close, ours,
// 1009, a timeout, a drop, shutdown); the server then lets go of the handler.
class WebSocketHandler {
 public:
  WebSocketHandler() = default;
  WebSocketHandler(const WebSocketHandler&) = delete;
  WebSocketHandler& operator=(const WebSocketHandler&) = delete;
  WebSocketHandler(WebSocketHandler&&) = delete;
  WebSocketHandler& operator=(WebSocketHandler&&) = delete;
  virtual ~WebSocketHandler() = default;

  virtual void on_message(FrameType type, std::string_view data) = 0;
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;
};

// What the open function decides for one upgrade request.
struct WebSocketAccept {
  std::shared_ptr<WebSocketHandler> handler;  // set: upgrade
  Response refusal;                           // else: answered instead
};

// Called on the connection's strand with the request (route params filled in) and the
// connection-to-be; frames sent before the handshake completes go out after it.
using WebSocketOpen =
    std::function<WebSocketAccept(const Request& request, std::shared_ptr<WebSocket> socket)>;

struct WebSocketRoute {
  WebSocketLimits limits;
  WebSocketOpen open;
};

}  // namespace frontdesk::http
