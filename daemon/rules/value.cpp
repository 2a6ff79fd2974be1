// SPDX-License-Identifier: Apache-2.0
#include "rules/value.hpp"

#include "core/duration.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace frontdesk::rules {

std::string to_display(const Value& value) {
  switch (value.kind) {
    case ValueKind::null: return "null";
    case ValueKind::boolean: return value.boolean ? "true" : "false";
    case ValueKind::number: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", value.number);
      return buf;
    }
    case ValueKind::text: return value.text;
    case ValueKind::time: return format_iso_time(value.millis);
    case ValueKind::duration: return core::format_duration(std::chrono::milliseconds(value.millis));
    case ValueKind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.list.size(); ++i) {
        if (i) out += ", ";
        out += value.list[i];
      }
      return out + "]";
    }
  }
  return {};
}

bool parse_iso_time(std::string_view text, std::int64_t& millis) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  const std::string copy(text);
  int consumed = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) {
    return false;
  }
  std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    int digits = 0;
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      if (digits < 3) ms = ms * 10 + (rest.front() - '0');
      ++digits;
      rest.remove_prefix(1);
    }
    if (digits == 0) return false;
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  if (rest != "Z" && rest != "+00:00") return false;
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return false;
  const auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
  millis = duration_cast<milliseconds>(tp.time_since_epoch()).count();
  return true;
}

std::string format_iso_time(std::int64_t millis) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{millis}};
  const auto day_point = floor<days>(tp);
  const year_month_day ymd{day_point};
  const hh_mm_ss<milliseconds> tod{tp - day_point};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()), static_cast<int>(tod.subseconds().count()));
  return buf;
}

}  // namespace frontdesk::rules
