// SPDX-License-Identifier: Apache-2.0
// The time source of the domain. Code that needs "now" (SLA deadlines, idle times,
// schedules) takes a Clock&, so tests drive time with a ManualClock instead of sleeping.
#pragma once

#include <chrono>
#include <mutex>

namespace frontdesk::core {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  using duration = std::chrono::system_clock::duration;

  Clock() = default;
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  virtual ~Clock();

  [[nodiscard]] virtual time_point now() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] time_point now() const override;
};

// A clock that moves only when told to. Safe to read and move from several threads.
class ManualClock final : public Clock {
 public:
  // Starts at `start`; by default at 2024-10-10T12:30:21Z (seed 003's first ticket).
  explicit ManualClock(time_point start = default_start());

  [[nodiscard]] time_point now() const override;

  void set(time_point to);
  // Moves the clock forward (or back, for a negative step).
  void advance(duration step);

  [[nodiscard]] static time_point default_start() noexcept;

 private:
  mutable std::mutex mutex_;
  time_point now_;  // guarded by mutex_
};

}  // namespace frontdesk::core
