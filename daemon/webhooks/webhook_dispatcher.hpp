// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns published events into webhook deliveries, once per event and subscription whatever
// the number of daemons: the dispatcher that holds the one webhook_dispatch row (FOR UPDATE
// SKIP LOCKED; the others skip that round) inserts, for every event after the row's cursor up
// to this daemon's final position (events::EventHub: no id below it can still commit), one
// webhook_deliveries row per matching subscription (unique on webhook and event) and its
// outbox row (channel 'webhook', signed when sent), then moves the cursor, in one statement.
// The outbox does the rest: retries with backoff, the dead letter after webhooks.max_attempts.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace frontdesk::storage {
class Connection;
class Database;
}

namespace frontdesk::webhooks {

// One dispatch round up to `position`; returns how many deliveries it queued (0 when another
// daemon held the cursor).
std::int64_t dispatch(storage::Connection& c, std::int64_t position);

class WebhookDispatcher {
 public:
  explicit WebhookDispatcher(storage::Database& db);
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;
  ~WebhookDispatcher();

  void start();
  void stop();
  // Thread-safe: the stream's position moved to `position`.
  void advanced(std::int64_t position);

 private:
  void run();

  storage::Database& db_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::int64_t position_ = 0;     // guarded
  std::int64_t dispatched_ = -1;  // guarded: the last position a round ran for
  bool stopping_ = false;         // guarded
};

}  // namespace frontdesk::webhooks
