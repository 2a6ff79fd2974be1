// SPDX-License-Identifier: Apache-2.0
#pragma once
// Delivers the outbox: worker threads claim due rows in batches (FOR UPDATE SKIP LOCKED),
// hand each to its channel plugin and record the outcome; transient failures come back
// with exponential backoff and jitter, permanent ones stop, and a row whose last allowed
// attempt fails is dead-lettered. Idle workers sleep until LISTEN/NOTIFY reports an insert
// or the poll interval passes. The channel 'webhook' (rules' notifications) is always
// claimed and sent by the worker itself (webhook_sender.hpp), whatever plugins run.
//
// Delivery is at least once: a row is marked sending with a lease before the plugin sees
// it, and only a daemon that dies (or hangs past the lease) between handing it over and
// recording the outcome leaves it for another worker, which sends it again after the lease.
// So a crash may resend at most the rows that were in flight; in normal operation several
// daemons on one database never send the same row twice.
#include "outbox/webhook_sender.hpp"
#include "plugin_host/plugin_host.hpp"
#include "storage/listener.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace frontdesk::core {
class Clock;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::outbox {

struct OutboxOptions {
  int workers = 2;
  int batch_size = 16;
  int max_attempts = 8;
  int webhook_max_attempts = 8;  // webhook subscriptions' deliveries (webhooks.max_attempts)
  std::chrono::milliseconds backoff_base = std::chrono::seconds(2);
  std::chrono::milliseconds backoff_max = std::chrono::hours(1);
  std::chrono::milliseconds lease = std::chrono::minutes(5);
  std::chrono::milliseconds poll_interval = std::chrono::seconds(5);
  std::string worker_id;  // names this daemon in claimed_by; "" = host:pid
  std::vector<std::string> channels;  // the plugin channels this daemon delivers
  WebhookOptions webhook;
};

// Hands one row to its channel; must call `done` exactly once, from any thread.
using DeliverFn =
    std::function<void(const std::string& channel, const plugin_host::Outbound& message,
                       std::function<void(const plugin_host::DeliveryResult&)> done)>;

class OutboxWorker {
 public:
  OutboxWorker(storage::Database& db, const core::Clock& clock, OutboxOptions options,
               DeliverFn deliver);
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;
  ~OutboxWorker();  // stop()

  // Starts the worker threads and the thread that LISTENs for fd_outbox (on a connection of
  // its own to the database's server) and wakes them.
  void start();
  // Stops claiming, lets the batches in flight finish (each at most one lease), joins.
  // Idempotent.
  void stop();
  // Wakes idle workers now.
  void wake();
  // What this daemon is called in claimed_by (host:pid unless the options named it).
  const std::string& worker_id() const { return options_.worker_id; }

  // Releases expired leases, then claims one batch as `worker`, delivers it and records
  // the outcomes; returns how many rows were claimed. Used by the threads and by tests.
  std::size_t run_once(const std::string& worker);

 private:
  void run(const std::string& worker);
  void listen();

  storage::Database& db_;
  const core::Clock& clock_;
  OutboxOptions options_;
  DeliverFn deliver_;
  WebhookSender webhooks_;
  storage::Listener listener_;
  std::thread listen_thread_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_cv_;
  std::uint64_t wakeups_ = 0;  // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_
};

}  // namespace frontdesk::outbox
