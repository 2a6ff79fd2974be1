#pragma once
// LISTEN fd_outbox on a dedicated connection and report each notification (an outbox
// insert anywhere in the cluster) so idle workers wake at once instead of at the next poll.
#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace frontdesk::outbox {

class NotifyListener {
 public:
  // `wake` runs on the listener's thread for each batch of notifications, and once after
  // every (re)connection since inserts may have been missed meanwhile.
  NotifyListener(std::string conninfo, std::function<void()> wake);
  NotifyListener(const NotifyListener&) = delete;
  NotifyListener& operator=(const NotifyListener&) = delete;
  ~NotifyListener();  // stop()

  void start();
  void stop();

 private:
  void run();

  std::string conninfo_;
  std::function<void()> wake_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace frontdesk::outbox
