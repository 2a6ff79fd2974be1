// SPDX-License-Identifier: Apache-2.0
#include "outbox/outbox_worker.hpp"

#include "core/clock.hpp"
#include "outbox/backoff.hpp"
#include "outbox/outbox_store.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <optional>
#include <random>

namespace frontdesk::outbox {

namespace {

std::string default_worker_id() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(::getpid());
}

double jitter_unit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// The outcomes of one batch, filled from whichever threads the plugins complete on.
struct BatchResults {
  explicit BatchResults(std::size_t n) : results(n), remaining(n) {}
  std::mutex mutex;
  std::condition_variable done;
  std::vector<std::optional<plugin_host::DeliveryResult>> results;
  std::size_t remaining;
};

}  // namespace

OutboxWorker::OutboxWorker(storage::Database& db, const core::Clock& clock, OutboxOptions options,
                           DeliverFn deliver)
    : db_(db), clock_(clock), options_(std::move(options)), deliver_(std::move(deliver)),
      webhooks_(options_.webhook), listener_(db.conninfo(), {"fd_outbox"}, {.name = "outbox"}) {
  if (options_.worker_id.empty()) options_.worker_id = default_worker_id();
  if (std::find(options_.channels.begin(), options_.channels.end(), kWebhookChannel) == options_.channels.end()) {
    options_.channels.emplace_back(kWebhookChannel);
  }
}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  listen_thread_ = std::thread([this] { listen(); });
  for (int i = 0; i < options_.workers; ++i) {
    threads_.emplace_back([this, name = options_.worker_id + "/" + std::to_string(i)] { run(name); });
  }
}

void OutboxWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  listener_.stop();
  if (listen_thread_.joinable()) listen_thread_.join();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

// An outbox insert anywhere in the cluster (NOTIFY fd_outbox) wakes the idle workers at once
// instead of at their next poll; so does every (re)connection, since inserts may have gone
// unannounced meanwhile. While the server is away the workers keep polling.
void OutboxWorker::listen() {
  while (true) {
    const auto waited = listener_.wait(std::chrono::hours(1));
    if (waited.wake == storage::Listener::Wake::stopped) return;
    if (waited.work_may_be_waiting()) wake();
  }
}

void OutboxWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  wake_cv_.notify_all();
}

void OutboxWorker::run(const std::string& worker) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const std::uint64_t seen = wakeups_;
    lock.unlock();
    std::size_t claimed = 0;
    try {
      claimed = run_once(worker);
    } catch (const std::exception& e) {
      spdlog::error("outbox: {} failed: {}", worker, e.what());
    }
    lock.lock();
    // A full batch means more may be due: go again at once.
    if (claimed < static_cast<std::size_t>(options_.batch_size)) {
      wake_cv_.wait_for(lock, options_.poll_interval,
                        [&] { return stopping_ || wakeups_ != seen; });
    }
  }
}

std::size_t OutboxWorker::run_once(const std::string& worker) {
  auto rows = db_.run_sync([&](storage::Connection& c) {
    const auto now = clock_.now();
    if (const auto released = release_expired(c, now, options_.lease); released > 0) {
      spdlog::warn("outbox: {} row(s) whose sending lease expired are pending again", released);
    }
    return claim_due(c, worker, options_.batch_size, now, options_.channels);
  });
  if (rows.empty()) return 0;

  auto batch = std::make_shared<BatchResults>(rows.size());
  std::vector<WebhookSender::Job> webhooks;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto complete = [batch, i](const plugin_host::DeliveryResult& r) {
      std::lock_guard lock(batch->mutex);
      if (batch->results[i]) return;
      batch->results[i] = r;
      if (--batch->remaining == 0) batch->done.notify_all();
    };
    if (!rows[i].opted_out_keyword.empty()) {
      complete({FD_DELIVERY_PERMANENT, "",
                "not sent: the recipient opted out of " + rows[i].channel + " (" +
                    rows[i].opted_out_keyword + ")"});
      continue;
    }
    if (rows[i].channel == kWebhookChannel) {
      webhooks.push_back(WebhookSender::Job{rows[i].outbound, std::move(complete), rows[i].signing_secret,
                                            rows[i].event_type});
      continue;
    }
    try {
      deliver_(rows[i].channel, rows[i].outbound, complete);
    } catch (const std::exception& e) {
      complete({FD_DELIVERY_TRANSIENT, "", std::string("delivery failed: ") + e.what()});
    }
  }
  // Sent here, concurrently, while the plugins work on theirs.
  if (!webhooks.empty()) webhooks_.send_all(std::move(webhooks));
  {
    // Rows still in flight after the lease stay 'sending' and are retried by whichever
    // worker finds the lease expired.
    std::unique_lock lock(batch->mutex);
    batch->done.wait_for(lock, options_.lease, [&] { return batch->remaining == 0; });
  }

  std::vector<std::optional<plugin_host::DeliveryResult>> results;
  {
    std::lock_guard lock(batch->mutex);
    results = batch->results;
  }
  db_.run_sync([&](storage::Connection& c) {
    const auto now = clock_.now();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!results[i]) {
        spdlog::warn("outbox: row {} on {} still in flight after the lease", rows[i].outbound.outbox_id,
                     rows[i].channel);
        continue;
      }
      const auto& row = rows[i];
      const auto& r = *results[i];
      const auto id = row.outbound.outbox_id;
      if (r.status == FD_DELIVERY_SENT) {
        record_sent(c, id, r.provider_id, now);
      } else if (r.status == FD_DELIVERY_PERMANENT) {
        spdlog::warn("outbox: row {} on {} failed permanently: {}", id, row.channel, r.error);
        record_failed(c, id, r.error, false, now);
      } else if (static_cast<int>(row.outbound.attempt) >=
                 (row.subscription ? options_.webhook_max_attempts : options_.max_attempts)) {
        spdlog::error("outbox: row {} on {} dead-lettered after {} attempts: {}", id, row.channel,
                      row.outbound.attempt, r.error);
        record_failed(c, id,
                      "gave up after " + std::to_string(row.outbound.attempt) + " attempts: " + r.error,
                      true, now);
      } else {
        const auto delay = retry_delay(row.outbound.attempt, options_.backoff_base,
                                       options_.backoff_max, jitter_unit());
        spdlog::info("outbox: row {} on {} will be retried in {} ms: {}", id, row.channel,
                     delay.count(), r.error);
        record_retry(c, id, r.error, now + delay, now);
      }
    }
  });
  return rows.size();
}

}  // namespace frontdesk::outbox
