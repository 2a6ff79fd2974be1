// SPDX-License-Identifier: Apache-2.0
#include "core/clock.hpp"

namespace frontdesk::core {

Clock::~Clock() = default;

Clock::time_point SystemClock::now() const { return std::chrono::system_clock::now(); }

ManualClock::ManualClock(time_point start) : now_(start) {}

Clock::time_point ManualClock::now() const {
  const std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::set(time_point to) {
  const std::lock_guard lock(mutex_);
  now_ = to;
}

void ManualClock::advance(duration step) {
  const std::lock_guard lock(mutex_);
  now_ += step;
}

Clock::time_point ManualClock::default_start() noexcept {
  return time_point(std::chrono::seconds(1728563421));
}

}  // namespace frontdesk::core
