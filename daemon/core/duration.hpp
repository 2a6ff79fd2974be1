// SPDX-License-Identifier: Apache-2.0
// Durations ("15m", "1h30m", "500ms", "7d") and sizes ("10MiB", "1MB", "1048576") as
// written in the configuration and in rules.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace frontdesk::core {

// One or more <digits><unit> parts, units in decreasing order, each at most once:
// w (7 days), d, h, m, s, ms. "1h30m", "72h", "500ms", "0s". No sign, spaces or
// fractions. The error reads "bad duration '<text>': <reason>".
[[nodiscard]] Expected<std::chrono::milliseconds, std::string> parse_duration(
    std::string_view text);

// The shortest text parse_duration reads back as the same value: "1h30m", "500ms", "0s".
// Negative values are written with a leading '-' (for messages only).
[[nodiscard]] std::string format_duration(std::chrono::milliseconds duration);

// A byte count: digits, optionally followed directly by a unit: B, kB or KB (1000),
// MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024). The error reads
// "bad size '<text>': <reason>".
[[nodiscard]] Expected<std::uint64_t, std::string> parse_size(std::string_view text);

}  // namespace frontdesk::core
