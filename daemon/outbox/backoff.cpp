// SPDX-License-Identifier: Apache-2.0
#include "outbox/backoff.hpp"

#include <algorithm>

namespace frontdesk::outbox {

std::chrono::milliseconds retry_delay(std::uint32_t failed_attempts, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double unit) {
  const std::int64_t cap = std::max<std::int64_t>(max.count(), 1);
  std::int64_t ceiling = std::clamp<std::int64_t>(base.count(), 1, cap);
  // Doubling stops at the cap, so a large attempt count can never overflow.
  for (std::uint32_t i = 1; i < failed_attempts && ceiling < cap; ++i) {
    ceiling = std::min(cap, ceiling * 2);
  }
  const double spread = std::clamp(unit, 0.0, 1.0) * static_cast<double>(ceiling - ceiling / 2);
  return std::chrono::milliseconds(ceiling / 2 + static_cast<std::int64_t>(spread));
}

}  // namespace frontdesk::outbox
