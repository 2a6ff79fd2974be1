// SPDX-License-Identifier: Apache-2.0
#include "core/log_limiter.hpp"

#include <utility>

namespace frontdesk::core {

std::optional<std::uint64_t> LogLimiter::admit(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (!window_start_ || now - *window_start_ >= interval_) {
    window_start_ = now;
    admitted_ = 0;
  }
  if (admitted_ == burst_) {
    ++held_back_;
    return std::nullopt;
  }
  ++admitted_;
  return std::exchange(held_back_, 0);
}

}  // namespace frontdesk::core
