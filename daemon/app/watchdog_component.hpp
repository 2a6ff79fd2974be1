// SPDX-License-Identifier: Apache-2.0
#pragma once
// systemd's watchdog: WATCHDOG=1 at half of WatchdogSec, sent from the event loop itself, so
// a stuck loop stops the pings and systemd restarts the daemon. Nothing without WatchdogSec.
#include "app/component.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <optional>

namespace frontdesk::app {

class WatchdogComponent final : public Component {
 public:
  using Component::Component;
  [[nodiscard]] std::string_view name() const override { return "watchdog"; }
  void start() override;
  void stop() override;

 private:
  void ping();

  std::optional<boost::asio::steady_timer> timer_;
  std::chrono::microseconds interval_{};
  bool stopped_ = false;  // on the timer's strand
};

}  // namespace frontdesk::app
