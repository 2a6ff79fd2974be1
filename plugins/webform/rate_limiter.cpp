// SPDX-License-Identifier: Apache-2.0
#include "rate_limiter.hpp"

#include <stdexcept>

namespace frontdesk::webform {

RateLimiter::RateLimiter(std::size_t limit, Clock::duration window, std::size_t max_keys)
    : limit_(limit), window_(window), max_keys_(max_keys) {
  if (limit == 0 || max_keys == 0 || window <= Clock::duration::zero()) {
    throw std::invalid_argument("rate limiter needs a positive limit, window and key capacity");
  }
}

RateLimiter::Decision RateLimiter::try_acquire(std::string_view key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  evict(now);

  auto found = entries_.find(std::string(key));
  if (found != entries_.end()) {
    auto& events = found->second.events;
    while (!events.empty() && events.front() <= now - window_) {
      events.pop_front();
    }
    if (events.size() >= limit_) {
      const auto wait = events.front() + window_ - now;
      auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
      return Decision{false, seconds < std::chrono::seconds(1) ? std::chrono::seconds(1) : seconds};
    }
    events.push_back(now);
    recency_.splice(recency_.begin(), recency_, found->second.recency);
    return Decision{};
  }

  if (entries_.size() >= max_keys_) {  // full of active keys: forget the quietest one
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.emplace_front(key);
  Entry entry;
  entry.events.push_back(now);
  entry.recency = recency_.begin();
  entries_.emplace(recency_.front(), std::move(entry));
  return Decision{};
}

std::size_t RateLimiter::tracked_keys() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

void RateLimiter::evict(Clock::time_point now) {
  while (!recency_.empty()) {
    const auto& entry = entries_.at(recency_.back());
    if (entry.events.back() > now - window_) {
      return;
    }
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
}

}  // namespace frontdesk::webform
