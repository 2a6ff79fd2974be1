// SPDX-License-Identifier: Apache-2.0
#include "sla/sla_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "core/clock.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

namespace frontdesk::sla {

namespace {
// A due row another daemon holds is retried after this long, not in a busy loop.
constexpr auto kRetryLocked = std::chrono::milliseconds(100);

Instant to_instant(std::chrono::system_clock::time_point t) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(t);
}
}  // namespace

SlaScheduler::SlaScheduler(storage::Database& db, const core::Clock& clock,
                           std::shared_ptr<const PolicySet> policies, SchedulerOptions options)
    : db_(db), clock_(clock), options_(options), policies_(std::move(policies)),
      listener_(db.conninfo(), {"fd_sla"}, {.name = "sla"}) {}

SlaScheduler::~SlaScheduler() { stop(); }

void SlaScheduler::start() {
  db_.run_sync([&](storage::Connection& c) { publish_calendars(c, *policies()); });
  thread_ = std::thread([this] { run(); });
}

void SlaScheduler::replace_policies(std::shared_ptr<const PolicySet> fresh) {
  policies_.store(std::move(fresh));
  publish_pending_ = true;
  wake();
}

void SlaScheduler::stop() {
  listener_.stop();
  if (thread_.joinable()) thread_.join();
}

PassResult SlaScheduler::run_once() {
  PassResult total;
  while (true) {
    const std::shared_ptr<const PolicySet> policies = policies_.load();
    const PassResult pass = db_.run_sync([&](storage::Connection& c) {
      return run_pass(c, *policies, to_instant(clock_.now()), options_.batch_size);
    });
    total.claimed += pass.claimed;
    total.events += pass.events;
    if (pass.claimed < static_cast<std::size_t>(options_.batch_size)) break;
  }
  if (total.events > 0) spdlog::info("sla: raised {} event(s) looking at {} ticket(s)", total.events, total.claimed);
  return total;
}

// Passes until stop(): after each, the thread sleeps until the earliest armed timer, a
// notification (a ticket's facts changed anywhere in the cluster), a (re)connection of the
// listener (changes may have gone unannounced meanwhile), wake() or stop().
void SlaScheduler::run() {
  while (!listener_.stopped()) {
    std::chrono::milliseconds sleep = options_.max_sleep;
    try {
      if (publish_pending_.exchange(false)) {
        try {
          const std::shared_ptr<const PolicySet> policies = policies_.load();
          db_.run_sync([&](storage::Connection& c) { publish_calendars(c, *policies); });
        } catch (...) {
          publish_pending_ = true;  // the catch below logs it; published at the next round
          throw;
        }
      }
      run_once();
      if (const auto next = db_.run_sync([](storage::Connection& c) { return next_due(c); })) {
        const auto until = std::chrono::ceil<std::chrono::milliseconds>(*next - to_instant(clock_.now()));
        sleep = std::clamp(until, kRetryLocked, options_.max_sleep);
      }
    } catch (const std::exception& e) {
      spdlog::error("sla: scheduler pass failed: {}; retrying", e.what());
      sleep = std::chrono::seconds(1);
    }
    if (listener_.wait(sleep).wake == storage::Listener::Wake::stopped) return;
  }
}

}  // namespace frontdesk::sla
