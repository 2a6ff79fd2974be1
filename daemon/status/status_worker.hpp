// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page's background work, one loop on a strand of the daemon's event loop:
// the monitors, run by whichever daemon of the cluster holds the lease (status_monitor_lease,
// renewed while it runs, released at shutdown), each on its own interval with its own
// timeout and never two runs of one monitor at once; the fan-out of incident notifications
// (every daemon takes part, each notification is claimed once); the static copy of the page
// (static_copy.hpp), checked as often as notifications; and pruning past 90 days.
#include "config/config.hpp"
#include "net/destination_guard.hpp"
#include "status/notifier.hpp"
#include "status/static_copy.hpp"

#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::status {

class StatusWorker {
 public:
  // `guard` decides which addresses the monitors may connect to (status.allow_private_networks).
  StatusWorker(boost::asio::io_context& io, storage::Database& db, std::vector<config::MonitorConfig> monitors,
               net::DestinationGuard guard, PageSettings page, std::string node, std::unique_ptr<StaticCopy> copy = nullptr);
  ~StatusWorker();
  StatusWorker(const StatusWorker&) = delete;
  StatusWorker& operator=(const StatusWorker&) = delete;

  void start();
  // Ends the loop, waits for runs in flight (each ends within its timeout) and releases the lease.
  void stop();

  struct State;  // the loop's, shared with the runs in flight (status_worker.cpp)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace frontdesk::status
