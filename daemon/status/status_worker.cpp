// SPDX-License-Identifier: Apache-2.0
#include "status/status_worker.hpp"

#include "status/monitor_checks.hpp"
#include "status/monitor_store.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace frontdesk::status {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kLeaseSeconds = 15;
constexpr auto kLeaseRenewal = std::chrono::seconds(3);
constexpr auto kNotifyPoll = std::chrono::seconds(1);
constexpr auto kPruneEvery = std::chrono::hours(1);
constexpr int kNotificationsPerPoll = 20;

// Often enough that a monitor starts within a quarter of its interval of being due.
std::chrono::milliseconds tick_for(const std::vector<config::MonitorConfig>& monitors) {
  std::chrono::milliseconds tick = std::chrono::seconds(1);
  for (const auto& m : monitors) tick = std::min(tick, m.interval / 4);
  return std::max(tick, std::chrono::milliseconds(50));
}

}  // namespace

struct StatusWorker::State {
  State(asio::io_context& io, storage::Database& database, std::vector<config::MonitorConfig> list,
        net::DestinationGuard destinations, PageSettings settings, std::string name,
        std::unique_ptr<StaticCopy> static_copy)
      : strand(asio::make_strand(io)),
        timer(strand),
        db(database),
        monitors(std::move(list)),
        guard(std::move(destinations)),
        page(std::move(settings)),
        node(std::move(name)),
        copy(std::move(static_copy)),
        due(monitors.size(), Clock::now()),
        busy(monitors.size(), false),
        tick(tick_for(monitors)) {
    https.set_default_verify_paths();
    https.set_verify_mode(asio::ssl::verify_peer);
  }

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  storage::Database& db;
  std::vector<config::MonitorConfig> monitors;
  net::DestinationGuard guard;
  PageSettings page;
  std::string node;
  std::unique_ptr<StaticCopy> copy;  // null: no static copy is kept
  asio::ssl::context https{asio::ssl::context::tls_client};
  // On the strand:
  std::vector<Clock::time_point> due;
  std::vector<bool> busy;
  bool stopping = false;
  bool leader = false;
  std::chrono::milliseconds tick;
  // Coroutines still running (the loop and the checks), for stop() to wait on.
  std::mutex mutex;
  std::condition_variable idle;
  int running = 0;

  void enter() {
    std::lock_guard lock(mutex);
    ++running;
  }
  void leave() {
    std::lock_guard lock(mutex);
    if (--running == 0) idle.notify_all();
  }
};

namespace {

awaitable<void> check_one(std::shared_ptr<StatusWorker::State> s, std::size_t i) {
  const auto& monitor = s->monitors[i];
  try {
    const auto result = co_await run_check(monitor, s->guard, s->https);
    auto work = [&monitor, result](storage::Connection& c) { record_result(c, monitor, result); };
    co_await s->db.async_run(std::move(work), use_awaitable);
    if (!result.ok) spdlog::info("status: monitor {} failed: {}", monitor.name, result.error);
  } catch (const std::exception& e) {
    spdlog::warn("status: monitor {}: the result was not stored: {}", monitor.name, e.what());
  }
  s->busy[i] = false;
  s->leave();
}

awaitable<void> run_monitors(const std::shared_ptr<StatusWorker::State>& s, Clock::time_point& lease_due,
                             Clock::time_point& prune_due) {
  const auto now = Clock::now();
  if (now >= lease_due) {
    auto work = [node = s->node](storage::Connection& c) { return take_lease(c, node, kLeaseSeconds); };
    const bool leader = co_await s->db.async_run(std::move(work), use_awaitable);
    if (leader != s->leader) spdlog::info("status: this daemon {} the monitors", leader ? "now runs" : "no longer runs");
    s->leader = leader;
    lease_due = now + kLeaseRenewal;
  }
  if (!s->leader) co_return;
  for (std::size_t i = 0; i < s->monitors.size(); ++i) {
    if (s->busy[i] || now < s->due[i]) continue;
    s->busy[i] = true;
    s->due[i] = now + s->monitors[i].interval;
    s->enter();
    asio::co_spawn(s->strand, check_one(s, i), asio::detached);
  }
  if (now >= prune_due) {
    co_await s->db.async_run([](storage::Connection& c) { prune_results(c); }, use_awaitable);
    prune_due = now + kPruneEvery;
  }
}

awaitable<void> dispatch_notifications(const std::shared_ptr<StatusWorker::State>& s) {
  auto work = [page = s->page](storage::Connection& c) {
    for (int n = 0; n < kNotificationsPerPoll; ++n) {
      bool claimed = false;
      storage::Transaction tx(c);
      const auto queued = dispatch_one(c, page, claimed);
      tx.commit();
      if (!claimed) break;
      spdlog::info("status: {} notification(s) queued in the outbox", queued);
    }
  };
  co_await s->db.async_run(std::move(work), use_awaitable);
}

awaitable<void> refresh_copy(const std::shared_ptr<StatusWorker::State>& s) {
  if (!s->copy) co_return;
  try {
    auto work = [copy = s->copy.get()](storage::Connection& c) { return copy->refresh(c); };
    if (co_await s->db.async_run(std::move(work), use_awaitable)) spdlog::debug("status: static copy written");
  } catch (const std::exception& e) {
    spdlog::warn("status: the static copy of the page was not written: {}", e.what());
  }
}

awaitable<void> loop(std::shared_ptr<StatusWorker::State> s) {
  auto lease_due = Clock::now();
  auto prune_due = Clock::now();
  auto notify_due = Clock::now();
  while (!s->stopping) {
    try {
      if (!s->monitors.empty()) co_await run_monitors(s, lease_due, prune_due);
      if (Clock::now() >= notify_due) {
        co_await dispatch_notifications(s);
        co_await refresh_copy(s);
        notify_due = Clock::now() + kNotifyPoll;
      }
    } catch (const std::exception& e) {
      spdlog::warn("status: {}", e.what());
    }
    if (s->stopping) break;
    s->timer.expires_after(s->tick);
    boost::system::error_code ec;
    co_await s->timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  s->leave();
}

}  // namespace

StatusWorker::StatusWorker(asio::io_context& io, storage::Database& db, std::vector<config::MonitorConfig> monitors,
                           net::DestinationGuard guard, PageSettings page, std::string node,
                           std::unique_ptr<StaticCopy> copy)
    : state_(std::make_shared<State>(io, db, std::move(monitors), std::move(guard), std::move(page), std::move(node),
                                     std::move(copy))) {}

StatusWorker::~StatusWorker() { stop(); }

void StatusWorker::start() {
  state_->enter();
  asio::co_spawn(state_->strand, loop(state_), asio::detached);
}

void StatusWorker::stop() {
  auto s = state_;
  {
    std::lock_guard lock(s->mutex);
    if (s->running == 0) return;
  }
  asio::post(s->strand, [s] {
    s->stopping = true;
    s->timer.cancel();
  });
  std::unique_lock lock(s->mutex);
  s->idle.wait(lock, [&] { return s->running == 0; });
  lock.unlock();
  if (s->leader) {
    try {
      s->db.run_sync([&](storage::Connection& c) { release_lease(c, s->node); });
    } catch (const std::exception& e) {
      spdlog::warn("status: the monitors' lease was not released: {}", e.what());
    }
  }
}

}  // namespace frontdesk::status
