// SPDX-License-Identifier: Apache-2.0
#include "rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace frontdesk::webform {
namespace {

using std::chrono::seconds;
using Clock = RateLimiter::Clock;

const Clock::time_point kStart = Clock::time_point(std::chrono::hours(1000));

TEST(RateLimiter, AllowsUpToTheLimitThenRefuses) {
  RateLimiter limiter(3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.try_acquire("198.51.100.1", kStart + seconds(i)).allowed) << i;
  }
  const auto refused = limiter.try_acquire("198.51.100.1", kStart + seconds(10));
  EXPECT_FALSE(refused.allowed);
  // The first event (at +0) leaves the window at +60: 50 seconds from +10.
  EXPECT_EQ(refused.retry_after, seconds(50));
}

TEST(RateLimiter, WindowSlides) {
  RateLimiter limiter(2);
  EXPECT_TRUE(limiter.try_acquire("ip", kStart).allowed);
  EXPECT_TRUE(limiter.try_acquire("ip", kStart + seconds(30)).allowed);
  EXPECT_FALSE(limiter.try_acquire("ip", kStart + seconds(59)).allowed);
  // Exactly one window after the first event, it no longer counts.
  EXPECT_TRUE(limiter.try_acquire("ip", kStart + seconds(60)).allowed);
  const auto refused = limiter.try_acquire("ip", kStart + seconds(61));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(29));  // the +30 event expires at +90
}

TEST(RateLimiter, RefusalsDoNotCount) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.try_acquire("ip", kStart).allowed);
  for (int i = 1; i < 59; ++i) {
    EXPECT_FALSE(limiter.try_acquire("ip", kStart + seconds(i)).allowed);
  }
  EXPECT_TRUE(limiter.try_acquire("ip", kStart + seconds(60)).allowed);
}

TEST(RateLimiter, RetryAfterIsAtLeastOneSecond) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.try_acquire("ip", kStart).allowed);
  const auto refused = limiter.try_acquire("ip", kStart + std::chrono::milliseconds(59'900));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));
}

TEST(RateLimiter, KeysAreIndependent) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.try_acquire("192.0.2.1", kStart).allowed);
  EXPECT_TRUE(limiter.try_acquire("192.0.2.2", kStart).allowed);
  EXPECT_TRUE(limiter.try_acquire("2001:db8::1", kStart).allowed);
  EXPECT_FALSE(limiter.try_acquire("192.0.2.1", kStart).allowed);
}

TEST(RateLimiter, StaleKeysAreEvicted) {
  RateLimiter limiter(5, seconds(60), 100);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(limiter.try_acquire("ip-" + std::to_string(i), kStart + seconds(i)).allowed);
  }
  EXPECT_EQ(limiter.tracked_keys(), 50U);
  // At +65 the keys last seen at +0..+5 have nothing left in the window; the call drops them.
  EXPECT_TRUE(limiter.try_acquire("fresh", kStart + seconds(65)).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 45U);  // ip-6..ip-49, and "fresh"
  EXPECT_TRUE(limiter.try_acquire("fresh", kStart + seconds(200)).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 1U);
}

TEST(RateLimiter, MemoryIsBoundedByTheKeyCapacity) {
  RateLimiter limiter(1, seconds(60), 3);
  EXPECT_TRUE(limiter.try_acquire("a", kStart).allowed);
  EXPECT_TRUE(limiter.try_acquire("b", kStart + seconds(1)).allowed);
  EXPECT_TRUE(limiter.try_acquire("c", kStart + seconds(2)).allowed);
  EXPECT_TRUE(limiter.try_acquire("d", kStart + seconds(3)).allowed);  // evicts "a", the quietest
  EXPECT_EQ(limiter.tracked_keys(), 3U);
  EXPECT_FALSE(limiter.try_acquire("b", kStart + seconds(4)).allowed);  // still tracked
  EXPECT_TRUE(limiter.try_acquire("a", kStart + seconds(5)).allowed);   // forgotten: a fresh start
  EXPECT_EQ(limiter.tracked_keys(), 3U);
}

TEST(RateLimiter, RejectsNonsenseConfiguration) {
  EXPECT_THROW(RateLimiter(0), std::invalid_argument);
  EXPECT_THROW(RateLimiter(1, seconds(0)), std::invalid_argument);
  EXPECT_THROW(RateLimiter(1, seconds(60), 0), std::invalid_argument);
}

TEST(RateLimiter, ConcurrentCallersNeverExceedTheLimit) {
  RateLimiter limiter(100);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.try_acquire("shared", kStart).allowed) {
          ++allowed;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace frontdesk::webform
