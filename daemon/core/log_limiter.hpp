// SPDX-License-Identifier: Apache-2.0
#pragma once
// Lets through at most `burst` log lines per interval of a kind that comes in floods
// (refusals during a database outage, a plugin's warnings about them), and counts the ones
// held back so the next line can say how many there were. Thread-safe.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace frontdesk::core {

class LogLimiter {
 public:
  explicit LogLimiter(std::chrono::steady_clock::duration interval, std::uint32_t burst = 1)
      : interval_(interval), burst_(burst) {}

  // nullopt: do not log this one. Otherwise log it, with the count of those held back since
  // the last one logged.
  [[nodiscard]] std::optional<std::uint64_t> admit(
      std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  std::chrono::steady_clock::duration interval_;
  std::uint32_t burst_;
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> window_start_;
  std::uint32_t admitted_ = 0;  // in the current window
  std::uint64_t held_back_ = 0;
};

}  // namespace frontdesk::core
