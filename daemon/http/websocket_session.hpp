// SPDX-License-Identifier: Apache-2.0
#pragma once
// The server's side of one upgraded connection (internal to daemon/http): the Beast stream,
// the read loop that feeds the handler, and the bounded outbound queue behind send().
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "http/websocket.hpp"

namespace frontdesk::http::detail {

class WebSocketSession final : public WebSocket,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  // `executor` is the connection's strand; every member below not marked thread-safe runs
  // on it.
  WebSocketSession(boost::asio::any_io_executor executor, WebSocketLimits limits);

  // Thread-safe (WebSocket).
  SendResult send(FrameType type, std::string_view data) override;
  void close(std::uint16_t code, std::string_view reason) override;

  // Takes over the connection's stream and runs the connection to its end: handshake, the
  // read loop, on_close. `handshake_timeout` bounds the opening and the closing handshakes.
  boost::asio::awaitable<void> run(boost::beast::tcp_stream stream,
                                   boost::beast::http::request<boost::beast::http::string_body> request,
                                   std::shared_ptr<WebSocketHandler> handler,
                                   std::chrono::milliseconds handshake_timeout);

  // On the strand: closes the socket at once (server teardown).
  void abort(std::string reason);
  // Thread-safe: drops the client (its queue overflowed) without a close handshake.
  void drop(std::string reason);

 private:
  struct Outgoing {
    FrameType type = FrameType::text;
    std::string data;
    bool close = false;  // the close frame, after every frame queued before it
    std::uint16_t code = close_code::normal;
  };

  void enqueue(Outgoing item);  // on the strand
  void write_next();            // on the strand
  void finish(std::uint16_t code, std::string_view reason);

  const boost::asio::any_io_executor executor_;
  const WebSocketLimits limits_;
  std::optional<boost::beast::websocket::stream<boost::beast::tcp_stream>> ws_;
  std::shared_ptr<WebSocketHandler> handler_;

  std::atomic<bool> closing_{false};  // close() or drop() called, or the connection ended
  std::atomic<std::size_t> queued_bytes_{0};

  // On the strand.
  std::deque<Outgoing> queue_;
  bool open_ = false;     // the handshake completed
  bool writing_ = false;  // an async write (or the close) is outstanding
  bool ended_ = false;    // finish() ran
  std::string abort_reason_;
  std::optional<boost::beast::websocket::close_reason> close_sent_;  // our close frame, once sent
  bool close_done_ = false;                // async_close completed
  boost::asio::steady_timer close_wait_;  // cancelled when it does
};

}  // namespace frontdesk::http::detail
