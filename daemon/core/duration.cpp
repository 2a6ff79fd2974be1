// SPDX-License-Identifier: Apache-2.0
#include "core/duration.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <system_error>

namespace frontdesk::core {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t millis;
};

// From largest to smallest: the order parts must be written in, and formatted in.
constexpr std::array<Unit, 6> duration_units{{
    {"w", 7LL * 24 * 60 * 60 * 1000},
    {"d", 24LL * 60 * 60 * 1000},
    {"h", 60LL * 60 * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
}};

constexpr std::string_view duration_unit_list = "w, d, h, m, s, ms";

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

Unexpected<std::string> duration_error(std::string_view text, std::string_view reason) {
  std::string message = "bad duration '";
  message += text;
  message += "': ";
  message += reason;
  return Unexpected(std::move(message));
}

Unexpected<std::string> size_error(std::string_view text, std::string_view reason) {
  std::string message = "bad size '";
  message += text;
  message += "': ";
  message += reason;
  return Unexpected(std::move(message));
}

enum class NumberStatus { ok, missing, overflow };

// Reads the leading digits of `rest` into `value` and drops them from `rest`.
template <typename Int>
NumberStatus read_number(std::string_view& rest, Int& value) {
  std::size_t length = 0;
  while (length < rest.size() && is_digit(rest[length])) {
    ++length;
  }
  if (length == 0) {
    return NumberStatus::missing;
  }
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + length, value);
  if (error != std::errc{} || end != rest.data() + length) {
    return NumberStatus::overflow;
  }
  rest.remove_prefix(length);
  return NumberStatus::ok;
}

}  // namespace

Expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
  if (text.empty()) {
    return duration_error(text, "empty; expected a number and a unit, e.g. 15m or 1h30m");
  }
  if (text.front() == '-') {
    return duration_error(text, "negative durations are not allowed");
  }
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::int64_t total = 0;
  std::int64_t previous_unit = max;  // each unit must be smaller than the one before
  std::string_view rest = text;
  while (!rest.empty()) {
    std::int64_t amount = 0;
    switch (read_number(rest, amount)) {
      case NumberStatus::ok:
        break;
      case NumberStatus::missing:
        return duration_error(text, "expected a number at '" + std::string(rest) + "'");
      case NumberStatus::overflow:
        return duration_error(text, "too large");
    }
    if (rest.empty()) {
      return duration_error(text, "missing unit after " + std::to_string(amount) + " (use " +
                                      std::string(duration_unit_list) + ")");
    }
    std::size_t length = 0;
    while (length < rest.size() && is_letter(rest[length])) {
      ++length;
    }
    if (length == 0) {
      return duration_error(text, "unexpected character '" + std::string(1, rest.front()) + "'");
    }
    const std::string_view name = rest.substr(0, length);
    const Unit* unit = nullptr;
    for (const Unit& candidate : duration_units) {
      if (candidate.name == name) {
        unit = &candidate;
      }
    }
    if (unit == nullptr) {
      return duration_error(text, "unknown unit '" + std::string(name) + "' (use " +
                                      std::string(duration_unit_list) + ")");
    }
    rest.remove_prefix(unit->name.size());
    if (unit->millis >= previous_unit) {
      return duration_error(text, "units must go from largest to smallest, each at most once");
    }
    previous_unit = unit->millis;
    if (amount > (max - total) / unit->millis) {
      return duration_error(text, "too large");
    }
    total += amount * unit->millis;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  std::int64_t remaining = duration.count();
  if (remaining == 0) {
    return "0s";
  }
  std::string out;
  std::uint64_t magnitude = 0;
  if (remaining < 0) {
    out += '-';
    magnitude = static_cast<std::uint64_t>(-(remaining + 1)) + 1;  // also for INT64_MIN
  } else {
    magnitude = static_cast<std::uint64_t>(remaining);
  }
  for (const Unit& unit : duration_units) {
    const auto millis = static_cast<std::uint64_t>(unit.millis);
    const std::uint64_t amount = magnitude / millis;
    if (amount != 0) {
      out += std::to_string(amount);
      out += unit.name;
      magnitude -= amount * millis;
    }
  }
  return out;
}

Expected<std::uint64_t, std::string> parse_size(std::string_view text) {
  if (text.empty()) {
    return size_error(text, "empty; expected a byte count such as 1048576, 512KiB or 10MiB");
  }
  if (text.front() == '-') {
    return size_error(text, "negative sizes are not allowed");
  }
  std::string_view rest = text;
  std::uint64_t amount = 0;
  switch (read_number(rest, amount)) {
    case NumberStatus::ok:
      break;
    case NumberStatus::missing:
      return size_error(text, "expected a byte count such as 1048576, 512KiB or 10MiB");
    case NumberStatus::overflow:
      return size_error(text, "too large");
  }
  struct SizeUnit {
    std::string_view name;
    std::uint64_t bytes;
  };
  static constexpr std::array<SizeUnit, 11> units{{
      {"", 1},
      {"B", 1},
      {"kB", 1000},
      {"KB", 1000},
      {"MB", 1000ULL * 1000},
      {"GB", 1000ULL * 1000 * 1000},
      {"TB", 1000ULL * 1000 * 1000 * 1000},
      {"KiB", 1024},
      {"MiB", 1024ULL * 1024},
      {"GiB", 1024ULL * 1024 * 1024},
      {"TiB", 1024ULL * 1024 * 1024 * 1024},
  }};
  std::uint64_t multiplier = 0;
  for (const SizeUnit& unit : units) {
    if (rest == unit.name) {
      multiplier = unit.bytes;
    }
  }
  if (multiplier == 0) {
    return size_error(text, "unknown unit '" + std::string(rest) +
                                "' (use B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)");
  }
  if (amount > std::numeric_limits<std::uint64_t>::max() / multiplier) {
    return size_error(text, "too large");
  }
  return amount * multiplier;
}

}  // namespace frontdesk::core
