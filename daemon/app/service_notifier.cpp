// SPDX-License-Identifier: Apache-2.0
#include "app/service_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <ctime>
#include <string>

namespace frontdesk::app {

namespace {

void notify(const std::string& state) { sd_notify(0, state.c_str()); }

std::uint64_t monotonic_usec() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000u +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

}  // namespace

void ServiceNotifier::ready(std::string_view status_text) const {
  std::string state = "READY=1";
  if (!status_text.empty()) state += "\nSTATUS=" + std::string(status_text);
  notify(state);
}

void ServiceNotifier::reloading() const {
  notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()));
}

void ServiceNotifier::stopping() const { notify("STOPPING=1"); }

void ServiceNotifier::watchdog() const { notify("WATCHDOG=1"); }

void ServiceNotifier::status(std::string_view text) const {
  notify("STATUS=" + std::string(text));
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace frontdesk::app
