// SPDX-License-Identifier: Apache-2.0
#include "outbound_queue.hpp"

namespace frontdesk::email {

OutboundQueue::OutboundQueue() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      const bool cancelled = closing_;
      lock.unlock();
      job(cancelled);
      lock.lock();
    }
  });
}

OutboundQueue::~OutboundQueue() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void OutboundQueue::push(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      jobs_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  job(true);
}

}  // namespace frontdesk::email
