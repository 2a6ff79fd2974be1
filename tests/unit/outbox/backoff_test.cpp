// SPDX-License-Identifier: Apache-2.0
#include "outbox/backoff.hpp"

#include <gtest/gtest.h>

namespace frontdesk::outbox {
namespace {

using namespace std::chrono_literals;

TEST(RetryDelay, DoublesFromTheBaseWithHalfTheCeilingFixed) {
  EXPECT_EQ(retry_delay(1, 2s, 1h, 0.0), 1s);
  EXPECT_EQ(retry_delay(1, 2s, 1h, 1.0), 2s);
  EXPECT_EQ(retry_delay(2, 2s, 1h, 0.0), 2s);
  EXPECT_EQ(retry_delay(2, 2s, 1h, 1.0), 4s);
  EXPECT_EQ(retry_delay(4, 2s, 1h, 0.5), 12s);
}

TEST(RetryDelay, StopsAtTheMaximum) {
  EXPECT_EQ(retry_delay(30, 2s, 1min, 1.0), 1min);
  EXPECT_EQ(retry_delay(30, 2s, 1min, 0.0), 30s);
  EXPECT_EQ(retry_delay(4'000'000'000U, 2s, 1h, 1.0), 1h);
}

TEST(RetryDelay, JitterStaysInsideTheWindow) {
  for (double u : {-1.0, 0.0, 0.25, 0.999, 2.0}) {
    const auto d = retry_delay(3, 100ms, 1h, u);
    EXPECT_GE(d, 200ms);
    EXPECT_LE(d, 400ms);
  }
}

}  // namespace
}  // namespace frontdesk::outbox
