// SPDX-License-Identifier: Apache-2.0
#pragma once
// sd_notify for systemd's Type=notify: READY, RELOADING, STOPPING and WATCHDOG pings.
// Every call is a no-op when NOTIFY_SOCKET is not set.
#include <chrono>
#include <optional>
#include <string_view>

namespace frontdesk::app {

class ServiceNotifier {
 public:
  void ready(std::string_view status = {}) const;
  void reloading() const;
  void stopping() const;
  void watchdog() const;
  void status(std::string_view text) const;

  // Half the WatchdogSec interval when systemd asked for pings, else nullopt.
  static std::optional<std::chrono::microseconds> watchdog_interval();
};

}  // namespace frontdesk::app
