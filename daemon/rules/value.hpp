// SPDX-License-Identifier: Apache-2.0
// The values rules compare: what a field holds for one event, and what a condition names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace frontdesk::rules {

enum class ValueKind : std::uint8_t { null, boolean, number, text, time, duration, list };

// A small tagged value rather than a std::variant: evaluation reads kind and one member,
// which keeps the hot comparison loop free of visitation.
struct Value {
  ValueKind kind = ValueKind::null;
  bool boolean = false;
  double number = 0;          // number
  std::int64_t millis = 0;    // time (ms since the Unix epoch, UTC) or duration (ms)
  std::string text;           // text
  std::vector<std::string> list;

  static Value of_bool(bool b) { Value v; v.kind = ValueKind::boolean; v.boolean = b; return v; }
  static Value of_number(double n) { Value v; v.kind = ValueKind::number; v.number = n; return v; }
  static Value of_text(std::string s) { Value v; v.kind = ValueKind::text; v.text = std::move(s); return v; }
  static Value of_time(std::int64_t ms) { Value v; v.kind = ValueKind::time; v.millis = ms; return v; }
  static Value of_duration(std::int64_t ms) { Value v; v.kind = ValueKind::duration; v.millis = ms; return v; }
  static Value of_list(std::vector<std::string> l) { Value v; v.kind = ValueKind::list; v.list = std::move(l); return v; }

  [[nodiscard]] bool is_null() const noexcept { return kind == ValueKind::null; }
};

// For messages: text as written, numbers without trailing zeros, times in ISO 8601,
// durations as "72h", lists as "[a, b]".
[[nodiscard]] std::string to_display(const Value& value);

// "2026-11-21T06:05:00Z" or "2026-11-21T06:05:00.123Z" (UTC) to ms since the epoch.
[[nodiscard]] bool parse_iso_time(std::string_view text, std::int64_t& millis);
[[nodiscard]] std::string format_iso_time(std::int64_t millis);

}  // namespace frontdesk::rules
