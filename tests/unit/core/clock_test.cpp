// SPDX-License-Identifier: Apache-2.0
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace frontdesk::core {
namespace {

using namespace std::chrono_literals;

TEST(ManualClock, StartsAtTheSeedTime) {
  const ManualClock clock;
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()),
            1728563421s);
}

TEST(ManualClock, SetAndAdvance) {
  ManualClock clock(Clock::time_point(100s));
  EXPECT_EQ(clock.now(), Clock::time_point(100s));
  clock.advance(15min);
  EXPECT_EQ(clock.now(), Clock::time_point(100s + 15min));
  clock.advance(-100s);
  EXPECT_EQ(clock.now(), Clock::time_point(15min));
  clock.set(Clock::time_point(1s));
  EXPECT_EQ(clock.now(), Clock::time_point(1s));
}

TEST(ManualClock, UsableThroughTheInterface) {
  ManualClock manual(Clock::time_point(0s));
  const Clock& clock = manual;
  manual.advance(2h);
  EXPECT_EQ(clock.now(), Clock::time_point(2h));
}

TEST(ManualClock, ConcurrentAdvancesAllCount) {
  ManualClock clock(Clock::time_point(0s));
  constexpr int threads = 4;
  constexpr int steps = 10'000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&clock] {
      for (int i = 0; i < steps; ++i) {
        clock.advance(1ms);
        (void)clock.now();
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  EXPECT_EQ(clock.now(), Clock::time_point(std::chrono::milliseconds(threads * steps)));
}

TEST(SystemClock, FollowsTheWallClock) {
  const SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const auto now = clock.now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace frontdesk::core
