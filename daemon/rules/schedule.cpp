// SPDX-License-Identifier: Apache-2.0
#include "rules/schedule.hpp"

#include "core/duration.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <chrono>
#include <sstream>
#include <vector>

namespace frontdesk::rules {

namespace {

bool parse_int(std::string_view s, int& out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Sets the bits of one cron field; false on a bad part.
template <std::size_t N>
bool parse_field(std::string_view text, int lo, int hi, std::bitset<N>& bits) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    int step = 1;
    if (const auto slash = part.find('/'); slash != std::string_view::npos) {
      if (!parse_int(part.substr(slash + 1), step) || step <= 0) return false;
      part = part.substr(0, slash);
    }
    int from = lo, to = hi;
    if (part != "*") {
      if (const auto dash = part.find('-'); dash != std::string_view::npos) {
        if (!parse_int(part.substr(0, dash), from) || !parse_int(part.substr(dash + 1), to)) return false;
      } else {
        if (!parse_int(part, from)) return false;
        to = step > 1 ? hi : from;
      }
    }
    if (from < lo || to > hi || from > to) return false;
    for (int v = from; v <= to; v += step) bits.set(static_cast<std::size_t>(v));
    start = comma + 1;
  }
  return true;
}

}  // namespace

Schedule Schedule::cron(std::string_view line, std::string& error) {
  Schedule s;
  std::istringstream in{std::string(line)};
  std::vector<std::string> parts;
  for (std::string p; in >> p;) parts.push_back(p);
  if (parts.size() != 5) {
    error = "a cron line has 5 fields (minute hour day month weekday), got " + std::to_string(parts.size());
    return s;
  }
  const char* names[] = {"minute", "hour", "day of month", "month", "day of week"};
  const bool ok[] = {parse_field(parts[0], 0, 59, s.minutes_), parse_field(parts[1], 0, 23, s.hours_),
                     parse_field(parts[2], 1, 31, s.days_), parse_field(parts[3], 1, 12, s.months_),
                     parse_field(parts[4], 0, 6, s.weekdays_)};
  for (int i = 0; i < 5; ++i) {
    if (!ok[i]) {
      error = "bad cron " + std::string(names[i]) + " field '" + parts[static_cast<std::size_t>(i)] + "'";
      return s;
    }
  }
  s.any_day_ = parts[2] == "*";
  s.any_weekday_ = parts[4] == "*";
  s.text_ = "cron " + parts[0] + " " + parts[1] + " " + parts[2] + " " + parts[3] + " " + parts[4];
  return s;
}

Schedule Schedule::compile(const std::string& file, const YAML::Node& node) {
  if (!node.IsMap() || node.size() != 1) {
    throw CompileError(Location::of(file, node), "schedule needs one of every: <duration> or cron: \"<5 fields>\"");
  }
  const auto kv = *node.begin();
  const std::string key = kv.first.Scalar();
  const std::string value = kv.second.IsScalar() ? kv.second.Scalar() : std::string();
  if (key == "every") {
    const auto d = core::parse_duration(value);
    if (!d) throw CompileError(Location::of(file, kv.second), d.error());
    if (d->count() < 1000) throw CompileError(Location::of(file, kv.second), "a schedule runs at most once a second");
    Schedule s;
    s.every_ms_ = d->count();
    s.text_ = "every " + core::format_duration(*d);
    return s;
  }
  if (key == "cron") {
    std::string error;
    Schedule s = cron(value, error);
    if (!error.empty()) throw CompileError(Location::of(file, kv.second), error);
    return s;
  }
  throw CompileError(Location::of(file, kv.first), "unknown schedule '" + key + "' (valid: every, cron)");
}

std::int64_t Schedule::next_after(std::int64_t after_ms) const {
  if (every_ms_ > 0) return after_ms + every_ms_;
  using namespace std::chrono;
  constexpr std::int64_t kMinute = 60'000;
  std::int64_t t = (after_ms / kMinute + 1) * kMinute;
  // Cron lines repeat within four years (leap days); the bound stops an impossible date
  // like "30 2" from looping forever.
  const std::int64_t limit = t + 4LL * 366 * 24 * 60 * kMinute;
  while (t < limit) {
    const sys_days day = floor<days>(sys_time<milliseconds>{milliseconds{t}});
    const year_month_day ymd{day};
    const unsigned weekday = std::chrono::weekday{day}.c_encoding();
    const bool day_ok = any_day_ && any_weekday_ ? true
                        : any_day_               ? weekdays_.test(weekday)
                        : any_weekday_           ? days_.test(static_cast<unsigned>(ymd.day()))
                                                 : days_.test(static_cast<unsigned>(ymd.day())) || weekdays_.test(weekday);
    const std::int64_t day_start = duration_cast<milliseconds>(day.time_since_epoch()).count();
    if (!months_.test(static_cast<unsigned>(ymd.month())) || !day_ok) {
      t = day_start + 24 * 60 * kMinute;
      continue;
    }
    const auto minute_of_day = static_cast<std::size_t>((t - day_start) / kMinute);
    if (!hours_.test(minute_of_day / 60)) {
      t = day_start + static_cast<std::int64_t>(minute_of_day / 60 + 1) * 60 * kMinute;
      continue;
    }
    if (minutes_.test(minute_of_day % 60)) return t;
    t += kMinute;
  }
  return limit;
}

}  // namespace frontdesk::rules
