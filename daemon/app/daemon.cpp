// SPDX-License-Identifier: Apache-2.0
#include "app/daemon.hpp"

#include "app/components.hpp"
#include "app/logging.hpp"
#include "app/service_notifier.hpp"
#include "config/config_loader.hpp"
#include "config/restart_changes.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "metrics/registry.hpp"
#include "plugin_host/plugin_host.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>

namespace frontdesk::app {

namespace asio = boost::asio;

namespace {

// host:pid, as the outbox names a daemon in claimed_by and the rules in schedule runs.
std::string node_name() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(::getpid());
}

}  // namespace

// The services the components share, the list, and the daemon's phase, which orders the
// reloads (on the event loop) with start-up and shutdown (on the main thread).
struct Daemon::State {
  State(config::Config c, std::filesystem::path path)
      : config(std::move(c)), config_path(std::move(path)),
        services{.config = config,
                 .clock = clock,
                 .io = io,
                 .metrics = metrics,
                 .router = std::make_shared<http::Router>(),
                 .node_name = node_name(),
                 .request_reload = [this] { asio::post(io, [this] { reload(); }); },
                 .request_shutdown = [this](int code) { request_shutdown(code); }},
        lifecycle(make_components(services)) {}

  // SIGHUP or `frontdesk rules reload`, on the event loop. A request during start-up waits
  // for it to finish; one during shutdown is dropped.
  void reload() {
    std::lock_guard lock(mutex);
    if (phase == Phase::starting) {
      reload_pending = true;
      return;
    }
    if (phase == Phase::stopping) return;
    notifier.reloading();
    std::optional<config::Config> fresh;
    try {
      fresh = config::load_config(config_path);
      set_log_level(fresh->log_level);
      spdlog::info("reload: configuration re-read; log level {}", core::to_string(fresh->log_level));
      // Against the configuration the daemon started with: a change made before an earlier
      // reload still waits for the restart.
      const auto reloadable = services.plugins ? services.plugins->reloadable_keys() : config::ReloadableChannelKeys{};
      for (const auto& key : config::changes_needing_restart(config.source, fresh->source, reloadable)) {
        spdlog::warn("reload: {} changed; it takes effect after a restart", key);
      }
    } catch (const std::exception& e) {
      spdlog::error("reload rejected, the running configuration stays: {}", e.what());
      fresh.reset();
    }
    lifecycle.reload(fresh ? &*fresh : nullptr);
    notifier.ready();
  }

  void request_shutdown(int code) {
    if (!shutdown_requested.exchange(true)) exit_code.set_value(code);
  }

  enum class Phase { starting, running, stopping };
  void enter(Phase next) {
    std::lock_guard lock(mutex);  // a reload in progress finishes first
    phase = next;
    if (phase == Phase::running && reload_pending) services.request_reload();
  }

  config::Config config;
  std::filesystem::path config_path;
  core::SystemClock clock;
  metrics::Registry metrics;  // outlives the server that feeds it and the routes that read it
  asio::io_context io;
  ServiceNotifier notifier;
  Services services;
  Lifecycle lifecycle;  // destroyed first: the components use everything above

  std::mutex mutex;  // orders reload() with the phase changes
  Phase phase = Phase::starting;
  bool reload_pending = false;
  std::atomic<bool> shutdown_requested{false};
  std::promise<int> exit_code;
};

Daemon::Daemon(config::Config config, std::filesystem::path config_path)
    : state_(std::make_unique<State>(std::move(config), std::move(config_path))) {}

Daemon::~Daemon() = default;

int Daemon::run() {
  auto& s = *state_;
  // Every check before the first start: a bad plugin or rule must not cost a database start.
  CheckReport report;
  s.lifecycle.check(report);
  for (const auto& line : report.lines) spdlog::debug("check: {}", line);
  s.lifecycle.start();
  s.enter(State::Phase::running);
  s.notifier.ready("serving");

  const int code = s.exit_code.get_future().get();
  s.enter(State::Phase::stopping);
  spdlog::info("shutting down");
  s.notifier.stopping();
  s.lifecycle.stop();
  s.lifecycle.destroy();
  return code;
}

int check(const std::filesystem::path& config_path) {
  try {
    // The daemon's own list, only checked: nothing opens, listens or starts a thread.
    Daemon::State s(config::load_config(config_path), config_path);
    CheckReport report;
    s.lifecycle.check(report, /*bare=*/true);
    for (const auto& line : report.lines) std::cout << line << '\n';
    std::cout << config_path.string() << ": configuration OK ("
              << fmt::format("{}", fmt::join(report.summary, ", ")) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}

}  // namespace frontdesk::app
