// SPDX-License-Identifier: Apache-2.0
// "2026-01-05T10:00:00Z" <-> Instant for readable SLA tests.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

#include "sla/calendar.hpp"

namespace frontdesk::sla::testing {

inline Instant at(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
    throw std::invalid_argument("bad test time " + iso);
  }
  const date::sys_days day{date::year(y) / mo / d};
  return Instant(day) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s);
}

inline std::string iso(Instant t) { return date::format("%FT%TZ", date::floor<std::chrono::seconds>(t)); }

}  // namespace frontdesk::sla::testing
