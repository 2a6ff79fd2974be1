// SPDX-License-Identifier: Apache-2.0
#pragma once
// A response body written while it is produced (Server-Sent Events): a handler answers with a
// Response whose `stream` is set; the server writes the header (no Content-Length, the body
// ends when the connection closes) and then whatever is written here, in order, until close().
// Writing is thread-safe and never blocks: data is queued, and a client whose queue outgrows
// its bound (what is queued, plus the write that would go over it) is dropped (the
// connection closes without flushing) rather than slowing anyone.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "http/websocket.hpp"  // SendResult

namespace frontdesk::http {

class StreamBody {
 public:
  explicit StreamBody(std::size_t max_queued_bytes) : max_queued_bytes_(max_queued_bytes) {}
  StreamBody(const StreamBody&) = delete;
  StreamBody& operator=(const StreamBody&) = delete;

  // Thread-safe: queues `data` (queued, or closed/dropped when nothing was queued).
  SendResult write(std::string_view data);
  // Thread-safe: the body ends after what is queued.
  void close();
  // Thread-safe: the connection closes now, without flushing.
  void drop();
  // Thread-safe: called once, from the server's thread, when the response has ended (the
  // client went away, close(), drop(), the server shuts down). Set before answering.
  void on_end(std::function<void()> callback);

  // The server's side.
  struct Taken {
    std::string data;
    bool ended = false;    // close()d and nothing left, or dropped
    bool dropped = false;  // end at once
  };
  Taken take();
  void attach(std::function<void()> wake);  // called (any thread) when there is news
  void finished();                          // runs on_end once

 private:
  void notify(std::unique_lock<std::mutex>& lock);

  const std::size_t max_queued_bytes_;
  std::mutex mutex_;
  std::string queued_;
  bool closed_ = false;
  bool dropped_ = false;
  bool finished_ = false;
  std::function<void()> wake_;
  std::function<void()> on_end_;
};

}  // namespace frontdesk::http
