// SPDX-License-Identifier: Apache-2.0
// The daemon's SLA scheduler: one thread that runs passes (sla_store.hpp) when a timer is due
// and sleeps until the earliest armed timer, waking early when a ticket's facts change
// anywhere in the cluster (LISTEN fd_sla on its own connection, notified by the tickets
// trigger). Several daemons may run one each: passes claim rows with SKIP LOCKED.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "sla/policy.hpp"
#include "sla/sla_store.hpp"
#include "storage/listener.hpp"

namespace frontdesk::core {
class Clock;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::sla {

struct SchedulerOptions {
  int batch_size = 1000;
  // Longest sleep without a due timer or notification: bounds the damage of a lost
  // notification (e.g. while the LISTEN connection was down).
  std::chrono::milliseconds max_sleep = std::chrono::seconds(30);
};

class SlaScheduler {
 public:
  SlaScheduler(storage::Database& db, const core::Clock& clock, std::shared_ptr<const PolicySet> policies,
               SchedulerOptions options = {});
  SlaScheduler(const SlaScheduler&) = delete;
  SlaScheduler& operator=(const SlaScheduler&) = delete;
  ~SlaScheduler();  // stop()

  // Publishes the calendars and starts the thread, which LISTENs for fd_sla on a connection
  // of its own to the database's server.
  void start();
  // Swaps in a new policy set (a reload): each pass reads one snapshot, so a pass runs
  // wholly on the old set or wholly on the new one. The thread publishes the new calendars
  // before its next pass. Tickets pick the new set up at their next change or timer.
  void replace_policies(std::shared_ptr<const PolicySet> fresh);
  [[nodiscard]] std::shared_ptr<const PolicySet> policies() const { return policies_.load(); }
  // Lets a pass in progress finish (it is one transaction), then joins. Idempotent.
  void stop();
  // Runs a pass now, or right after the one in progress (tests call it after moving a
  // ManualClock).
  void wake() noexcept { listener_.interrupt(); }

  // Runs passes as of the clock's now until no due row is left unclaimed; used by the
  // thread and by tests.
  PassResult run_once();

 private:
  void run();

  storage::Database& db_;
  const core::Clock& clock_;
  SchedulerOptions options_;
  std::atomic<std::shared_ptr<const PolicySet>> policies_;
  std::atomic<bool> publish_pending_{false};
  storage::Listener listener_;  // its wait is the thread's sleep; stop() and wake() end it
  std::thread thread_;
};

}  // namespace frontdesk::sla
