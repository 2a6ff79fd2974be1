// SPDX-License-Identifier: Apache-2.0
// Outbound sends run one at a time on the queue's own thread, so a slow SMTP server
// never blocks the host's threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace frontdesk::email {

class OutboundQueue {
 public:
  using Job = std::function<void(bool cancelled)>;

  OutboundQueue();
  ~OutboundQueue();  // jobs still queued run with cancelled = true; joins the thread
  OutboundQueue(const OutboundQueue&) = delete;
  OutboundQueue& operator=(const OutboundQueue&) = delete;

  void push(Job job);

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace frontdesk::email
