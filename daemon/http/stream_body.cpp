// SPDX-License-Identifier: Apache-2.0
#include "http/stream_body.hpp"

#include <utility>

namespace frontdesk::http {

SendResult StreamBody::write(std::string_view data) {
  std::unique_lock lock(mutex_);
  if (closed_ || dropped_ || finished_) return SendResult::closed;
  // The bound is on the backlog: one write larger than it still goes out to a client that
  // has read everything before it.
  if (!queued_.empty() && queued_.size() + data.size() > max_queued_bytes_) {
    dropped_ = true;
    notify(lock);
    return SendResult::dropped;
  }
  queued_.append(data);
  notify(lock);
  return SendResult::queued;
}

void StreamBody::close() {
  std::unique_lock lock(mutex_);
  closed_ = true;
  notify(lock);
}

void StreamBody::drop() {
  std::unique_lock lock(mutex_);
  dropped_ = true;
  notify(lock);
}

void StreamBody::on_end(std::function<void()> callback) {
  std::unique_lock lock(mutex_);
  if (finished_) {
    lock.unlock();
    if (callback) callback();
    return;
  }
  on_end_ = std::move(callback);
}

StreamBody::Taken StreamBody::take() {
  std::lock_guard lock(mutex_);
  Taken t;
  if (dropped_) {
    t.ended = t.dropped = true;
    queued_.clear();
    return t;
  }
  t.data.swap(queued_);
  t.ended = closed_ && t.data.empty();
  return t;
}

void StreamBody::attach(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void StreamBody::finished() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    closed_ = true;
    queued_.clear();
    callback = std::move(on_end_);
    wake_ = nullptr;
  }
  if (callback) callback();
}

void StreamBody::notify(std::unique_lock<std::mutex>& lock) {
  auto wake = wake_;
  lock.unlock();
  if (wake) wake();
}

}  // namespace frontdesk::http
