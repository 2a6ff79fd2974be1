// SPDX-License-Identifier: Apache-2.0
#include "status/iso_time.hpp"

#include <chrono>

namespace frontdesk::status {

namespace {

// Reads `n` digits at `at`, advancing it; -1 when they are not there.
int digits(std::string_view text, std::size_t& at, std::size_t n) noexcept {
  if (at + n > text.size()) return -1;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  at += n;
  return value;
}

bool take(std::string_view text, std::size_t& at, char c) noexcept {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

}  // namespace

bool is_iso_time(std::string_view text) noexcept {
  std::size_t at = 0;
  const int year = digits(text, at, 4);
  if (year < 1 || !take(text, at, '-')) return false;
  const int month = digits(text, at, 2);
  if (!take(text, at, '-')) return false;
  const int day = digits(text, at, 2);
  if (month < 1 || day < 1) return false;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || !take(text, at, 'T')) return false;
  const int hour = digits(text, at, 2);
  if (hour < 0 || hour > 23 || !take(text, at, ':')) return false;
  const int minute = digits(text, at, 2);
  if (minute < 0 || minute > 59) return false;
  if (take(text, at, ':')) {
    const int second = digits(text, at, 2);
    if (second < 0 || second > 59) return false;
    if (take(text, at, '.')) {
      std::size_t fraction = 0;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9' && fraction < 9) ++at, ++fraction;
      if (fraction == 0) return false;
    }
  }
  if (take(text, at, 'Z')) return at == text.size();
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return false;
  ++at;
  const int offset_hours = digits(text, at, 2);
  if (offset_hours < 0 || offset_hours > 14 || !take(text, at, ':')) return false;
  const int offset_minutes = digits(text, at, 2);
  return offset_minutes >= 0 && offset_minutes <= 59 && at == text.size();
}

}  // namespace frontdesk::status
