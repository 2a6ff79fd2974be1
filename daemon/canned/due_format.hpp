// SPDX-License-Identifier: Apache-2.0
#pragma once
// A due time as a person reads it in their language: "Dec 7, 2026, 3:00 PM UTC", "7 dic 2026,
// 15:00 UTC" (ICU, date and time with the zone). Pure.
#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::canned {

// `ms` since the epoch, in `locale` (a BCP 47 tag) and the IANA `time_zone` (an unknown zone
// is UTC).
[[nodiscard]] std::string format_due(std::int64_t ms, std::string_view locale, std::string_view time_zone);

}  // namespace frontdesk::canned
