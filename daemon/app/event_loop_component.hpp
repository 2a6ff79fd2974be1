// SPDX-License-Identifier: Apache-2.0
#pragma once
// The event loop's threads ("event loop"), and the signals it turns into requests
// ("signals"): SIGHUP reloads, SIGTERM and SIGINT shut down with exit code 0. Signal
// handlers only post to the loop; nothing runs in signal context.
#include "app/component.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace frontdesk::app {

// Runs `f` on one of the loop's threads and waits for it; its exception is rethrown here.
// For work on objects the loop's threads also use (the HTTP server, timers, plugins).
void run_on_loop(boost::asio::io_context& io, std::function<void()> f);

class EventLoopComponent final : public Component {
 public:
  using Component::Component;
  ~EventLoopComponent() override;

  [[nodiscard]] std::string_view name() const override { return "event loop"; }
  void start() override;
  // Lets the loop's threads finish their handlers, then joins them.
  void stop() override;

 private:
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

class SignalsComponent final : public Component {
 public:
  using Component::Component;

  [[nodiscard]] std::string_view name() const override { return "signals"; }
  // Before the port opens: a SIGTERM sent as soon as /healthz answers must drain, not kill.
  void start() override;
  void stop() override;

 private:
  void watch();

  std::optional<boost::asio::signal_set> signals_;
};

}  // namespace frontdesk::app
