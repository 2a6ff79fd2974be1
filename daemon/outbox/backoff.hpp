// SPDX-License-Identifier: Apache-2.0
#pragma once
// When a transiently failed outbound message is tried again.
#include <chrono>
#include <cstdint>

namespace frontdesk::outbox {

// Exponential backoff with "equal jitter": after the n-th failed attempt (n >= 1) the
// ceiling is min(max, base * 2^(n-1)); the delay is drawn uniformly from [ceiling/2,
// ceiling] using `unit` in [0, 1). Half the delay is fixed so retries never bunch at zero,
// the other half spreads daemons that failed together.
[[nodiscard]] std::chrono::milliseconds retry_delay(std::uint32_t failed_attempts,
                                                    std::chrono::milliseconds base,
                                                    std::chrono::milliseconds max, double unit);

}  // namespace frontdesk::outbox
