#include "sla/sla_scheduler.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "core/clock.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

namespace frontdesk::sla {

namespace {
// The thread looks at its stop and wake flags at least this often.
constexpr auto kSlice = std::chrono::milliseconds(200);
// A due row another daemon holds is retried after this long, not in a busy loop.
constexpr auto kRetryLocked = std::chrono::milliseconds(100);

Instant to_instant(std::chrono::system_clock::time_point t) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(t);
}
}  // namespace

SlaScheduler::SlaScheduler(storage::Database& db, const core::Clock& clock,
                           std::shared_ptr<const PolicySet> policies, SchedulerOptions options)
    : db_(db), clock_(clock), options_(options), policies_(std::move(policies)) {}

SlaScheduler::~SlaScheduler() { stop(); }

void SlaScheduler::start(const std::string& listen_conninfo) {
  db_.run_sync([&](storage::Connection& c) { publish_calendars(c, *policies()); });
  thread_ = std::thread([this, listen_conninfo] { run(listen_conninfo); });
}

void SlaScheduler::replace_policies(std::shared_ptr<const PolicySet> fresh) {
  policies_.store(std::move(fresh));
  publish_pending_ = true;
  wake();
}

void SlaScheduler::stop() {
  stopping_ = true;
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

void SlaScheduler::run(std::string listen_conninfo) {
  std::optional<storage::Connection> listener;
  while (!stopping_) {
    woken_ = false;
    std::chrono::milliseconds sleep = options_.max_sleep;
    try {
      if (!listener) {
        listener.emplace(storage::Connection::connect(listen_conninfo));
        listener->exec("LISTEN fd_sla");
      }
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
      if (listener && !listener->ok()) listener.reset();
      sleep = std::chrono::seconds(1);
    }
    // Sleep in slices until the next timer, a notification, wake() or stop().
    const auto until = std::chrono::steady_clock::now() + sleep;
    while (!stopping_ && !woken_ && std::chrono::steady_clock::now() < until) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      const int wait = static_cast<int>(std::clamp(left, std::chrono::milliseconds(1), kSlice).count());
      if (!listener) {
        ::poll(nullptr, 0, wait);
        continue;
      }
      PGconn* pg = listener->native();
      pollfd fd{PQsocket(pg), POLLIN, 0};
      if (::poll(&fd, 1, wait) <= 0) continue;
      if (PQconsumeInput(pg) == 0) {
        spdlog::warn("sla: LISTEN connection lost ({}); reconnecting", PQerrorMessage(pg));
        listener.reset();
        break;
      }
      bool notified = false;
      while (PGnotify* n = PQnotifies(pg)) {
        PQfreemem(n);
        notified = true;
      }
      if (notified) break;
    }
  }
}

}  // namespace frontdesk::sla
