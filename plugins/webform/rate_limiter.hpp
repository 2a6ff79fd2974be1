// SPDX-License-Identifier: Apache-2.0
// Per-key (remote address) sliding-window rate limiter with bounded memory.
//
// It is per process: each frontdeskd instance counts on its own, so N instances behind a
// load balancer let through up to N times the limit. That is acceptable for a spam brake
// on an anonymous form; the limit is not a quota.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace frontdesk::webform {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool allowed = true;
    std::chrono::seconds retry_after{0};  // when refused: until the oldest event leaves the window
  };

  // At most `limit` events per key in any `window`. At most `max_keys` keys are tracked:
  // keys idle for a whole window are dropped first, then the least recently active ones,
  // so memory stays below max_keys * limit timestamps.
  explicit RateLimiter(std::size_t limit, Clock::duration window = std::chrono::minutes(1),
                       std::size_t max_keys = 10000);

  // Records an event for `key` at `now` if the key is under its limit. `now` must not go
  // backwards between calls (steady_clock in production, a fake clock in tests).
  [[nodiscard]] Decision try_acquire(std::string_view key, Clock::time_point now);

  // Number of keys currently tracked.
  [[nodiscard]] std::size_t tracked_keys() const;

 private:
  struct Entry {
    std::deque<Clock::time_point> events;  // oldest first, at most limit_
    std::list<std::string>::iterator recency;
  };

  void evict(Clock::time_point now);

  const std::size_t limit_;
  const Clock::duration window_;
  const std::size_t max_keys_;

  mutable std::mutex mutex_;
  // Keys by their most recent recorded event, most recent first; so the back is the key
  // that has been quiet longest, and once it is stale, all its events are.
  std::list<std::string> recency_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace frontdesk::webform
