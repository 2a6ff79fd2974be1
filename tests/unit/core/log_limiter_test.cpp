// SPDX-License-Identifier: Apache-2.0
#include "core/log_limiter.hpp"

#include <gtest/gtest.h>

namespace frontdesk::core {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

TEST(LogLimiter, OneLinePerIntervalThenTheCountOfTheRest) {
  LogLimiter limiter(seconds(10));
  const auto t0 = Clock::time_point{} + seconds(100);
  EXPECT_EQ(limiter.admit(t0), 0U);
  for (int i = 1; i <= 5; ++i) EXPECT_FALSE(limiter.admit(t0 + seconds(i)).has_value());
  EXPECT_EQ(limiter.admit(t0 + seconds(10)), 5U);  // a new interval says what it held back
  EXPECT_FALSE(limiter.admit(t0 + seconds(11)).has_value());
  EXPECT_EQ(limiter.admit(t0 + seconds(60)), 1U);
  EXPECT_EQ(limiter.admit(t0 + seconds(70)), 0U);
}

TEST(LogLimiter, ABurstPerInterval) {
  LogLimiter limiter(seconds(10), 3);
  const auto t0 = Clock::time_point{} + seconds(5);
  EXPECT_EQ(limiter.admit(t0), 0U);
  EXPECT_EQ(limiter.admit(t0), 0U);
  EXPECT_EQ(limiter.admit(t0 + seconds(1)), 0U);
  EXPECT_FALSE(limiter.admit(t0 + seconds(2)).has_value());
  EXPECT_FALSE(limiter.admit(t0 + seconds(3)).has_value());
  EXPECT_EQ(limiter.admit(t0 + seconds(10)), 2U);
  EXPECT_EQ(limiter.admit(t0 + seconds(10)), 0U);
}

}  // namespace
}  // namespace frontdesk::core
