// SPDX-License-Identifier: Apache-2.0
#include "http/websocket_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace frontdesk::http::detail {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxReasonBytes = 123;
constexpr std::chrono::milliseconds kCloseTimeout{1000};  // a close frame's payload is at most 125 bytes

// 1000, or a code an application may send (RFC 6455, 7.4.2: 3000-4999), or the ones the
// host sends for its own reasons.
std::uint16_t sendable(std::uint16_t code) {
  if (code == close_code::normal || code == close_code::going_away ||
      code == close_code::internal_error || (code >= 3000 && code <= 4999)) {
    return code;
  }
  return close_code::normal;
}

}  // namespace

WebSocketSession::WebSocketSession(asio::any_io_executor executor, WebSocketLimits limits)
    : executor_(std::move(executor)), limits_(limits), close_wait_(executor_) {}

SendResult WebSocketSession::send(FrameType type, std::string_view data) {
  if (closing_.load()) {
    return SendResult::closed;
  }
  if (data.size() > limits_.max_message_bytes) {
    return SendResult::too_big;
  }
  const std::size_t queued = queued_bytes_.fetch_add(data.size()) + data.size();
  if (queued > limits_.max_queued_bytes) {
    queued_bytes_.fetch_sub(data.size());
    drop("outbound queue over " + std::to_string(limits_.max_queued_bytes) +
         " bytes: the client reads too slowly");
    return SendResult::dropped;
  }
  asio::post(executor_, [self = shared_from_this(), item = Outgoing{type, std::string(data)}]() mutable {
    self->enqueue(std::move(item));
  });
  return SendResult::queued;
}

void WebSocketSession::close(std::uint16_t code, std::string_view reason) {
  if (closing_.exchange(true)) {
    return;
  }
  Outgoing item;
  item.close = true;
  item.code = sendable(code);
  item.data = std::string(reason.substr(0, kMaxReasonBytes));
  asio::post(executor_, [self = shared_from_this(), item = std::move(item)]() mutable {
    self->enqueue(std::move(item));
  });
}

void WebSocketSession::drop(std::string reason) {
  closing_.store(true);
  asio::post(executor_, [self = shared_from_this(), reason = std::move(reason)]() mutable {
    self->abort(std::move(reason));
  });
}

void WebSocketSession::abort(std::string reason) {
  closing_.store(true);
  if (ended_ || !abort_reason_.empty()) {
    return;
  }
  abort_reason_ = std::move(reason);
  close_wait_.cancel();
  if (ws_) {
    beast::get_lowest_layer(*ws_).close();  // the read loop ends with operation_aborted
  }
}

void WebSocketSession::enqueue(Outgoing item) {
  if (ended_) {
    queued_bytes_.fetch_sub(item.close ? 0 : item.data.size());
    return;
  }
  queue_.push_back(std::move(item));
  if (open_ && !writing_) {
    write_next();
  }
}

void WebSocketSession::write_next() {
  if (queue_.empty() || ended_ || !abort_reason_.empty()) {
    return;
  }
  writing_ = true;
  auto& front = queue_.front();
  if (front.close) {
    // Beast 1.81 sends the close frame at once, but with the read loop's read pending it
    // only finishes when the peer's answer and the close wait out each other's lock (Beast
    // issue #1729): the closing timeout (kCloseTimeout) ends that wait. The client has its
    // close frame either way; only the TCP close and on_close come that much later.
    close_sent_.emplace(static_cast<websocket::close_code>(front.code), front.data);
    ws_->async_close(*close_sent_, [self = shared_from_this()](const beast::error_code&) {
      self->writing_ = false;  // nothing is written after the close frame
      self->queue_.clear();
      self->close_done_ = true;
      self->close_wait_.cancel();  // the read loop may wait for this
    });
    return;
  }
  ws_->text(front.type == FrameType::text);
  ws_->async_write(asio::buffer(front.data),
                   [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
                     self->writing_ = false;
                     if (self->ended_) {
                       self->queue_.clear();
                       return;
                     }
                     if (!self->queue_.empty()) {
                       self->queued_bytes_.fetch_sub(self->queue_.front().data.size());
                       self->queue_.pop_front();
                     }
                     if (!ec) {
                       self->write_next();
                     }
                   });
}

asio::awaitable<void> WebSocketSession::run(beast::tcp_stream stream,
                                            beast::http::request<beast::http::string_body> request,
                                            std::shared_ptr<WebSocketHandler> handler,
                                            std::chrono::milliseconds handshake_timeout) {
  handler_ = std::move(handler);
  ws_.emplace(std::move(stream));
  beast::get_lowest_layer(*ws_).expires_never();  // the websocket stream keeps its own time
  websocket::stream_base::timeout timeouts{};
  // Beast applies the handshake timeout to the opening handshake (by now only the 101 is
  // left to write) and to the closing one.
  timeouts.handshake_timeout = std::min(handshake_timeout, kCloseTimeout);
  timeouts.idle_timeout = limits_.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_->set_option(timeouts);
  ws_->set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(beast::http::field::server, "frontdesk"); }));
  ws_->read_message_max(limits_.max_message_bytes);

  if (!abort_reason_.empty()) {
    finish(close_code::abnormal, abort_reason_);
    co_return;
  }
  {
    auto [ec] = co_await ws_->async_accept(request, kAwait);
    if (ec) {
      finish(close_code::abnormal,
             abort_reason_.empty() ? "handshake failed: " + ec.message() : abort_reason_);
      co_return;
    }
  }
  open_ = true;
  write_next();

  beast::flat_buffer buffer;
  std::uint16_t code = close_code::abnormal;
  std::string reason;
  for (;;) {
    auto [ec, n] = co_await ws_->async_read(buffer, kAwait);
    if (ec) {
      if (close_sent_ && abort_reason_.empty()) {
        // Our close. A read that Beast ended for it (operation_aborted) comes before the
        // close handshake is over: the connection ends when the close does.
        while (!close_done_ && abort_reason_.empty()) {
          close_wait_.expires_at(std::chrono::steady_clock::time_point::max());
          co_await close_wait_.async_wait(kAwait);
        }
        // The peer's answer if it came, else the code we sent.
        const auto& peer = ws_->reason();
        code = peer.code != 0 ? static_cast<std::uint16_t>(peer.code)
                              : static_cast<std::uint16_t>(close_sent_->code);
        reason = std::string(peer.code != 0 ? peer.reason.c_str() : close_sent_->reason.c_str());
        break;
      }
      if (!abort_reason_.empty()) {
        reason = abort_reason_;
      } else if (ec == websocket::error::closed) {
        code = static_cast<std::uint16_t>(ws_->reason().code);
        reason = std::string(ws_->reason().reason.c_str());
        if (code == 0) code = 1005;  // RFC 6455: the close frame carried no code
      } else if (ec == websocket::error::message_too_big) {
        code = close_code::too_big;
        reason = "message larger than " + std::to_string(limits_.max_message_bytes) + " bytes";
      } else if (ec == beast::error::timeout) {
        reason = "idle timeout";
      } else {
        reason = ec.message();
      }
      break;
    }
    const auto data = buffer.cdata();
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    try {
      handler_->on_message(ws_->got_text() ? FrameType::text : FrameType::binary, text);
    } catch (const std::exception& e) {
      spdlog::error("websocket: message handler threw: {}", e.what());
      close(close_code::internal_error, "internal error");
    }
    buffer.consume(buffer.size());
  }
  finish(code, reason);
}

void WebSocketSession::finish(std::uint16_t code, std::string_view reason) {
  if (ended_) {
    return;
  }
  ended_ = true;
  closing_.store(true);
  // The socket closes before the queue is freed: a write still outstanding is cancelled
  // and never reads its frame again.
  if (ws_) {
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
  }
  if (!writing_) {
    queue_.clear();
  }
  auto handler = std::move(handler_);
  if (handler) {
    try {
      handler->on_close(code, reason);
    } catch (const std::exception& e) {
      spdlog::error("websocket: close handler threw: {}", e.what());
    }
  }
}

}  // namespace frontdesk::http::detail
