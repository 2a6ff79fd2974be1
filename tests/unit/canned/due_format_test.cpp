// SPDX-License-Identifier: Apache-2.0
#include "canned/due_format.hpp"

#include <gtest/gtest.h>

namespace frontdesk::canned {
namespace {

constexpr std::int64_t kDue = 1796655600000;  // 2026-12-07T15:00:00Z

TEST(DueFormat, InTheReadersLanguage) {
  const auto en = format_due(kDue, "en", "UTC");
  EXPECT_NE(en.find("Dec"), std::string::npos) << en;
  EXPECT_NE(en.find("2026"), std::string::npos) << en;
  EXPECT_NE(en.find("PM"), std::string::npos) << en;  // a 12-hour clock in English
  const auto es = format_due(kDue, "es", "UTC");
  EXPECT_EQ(es, "7 dic 2026, 15:00 UTC");
  const auto tr = format_due(kDue, "tr", "UTC");
  EXPECT_NE(tr.find("Ara"), std::string::npos) << tr;
}

TEST(DueFormat, InTheCalendarsTimeZone) {
  EXPECT_NE(format_due(kDue, "es", "Europe/Madrid").find("16:00"), std::string::npos);
  // An unknown zone is GMT, not an error.
  EXPECT_NE(format_due(kDue, "es", "Nowhere/Bad").find("15:00"), std::string::npos);
}

}  // namespace
}  // namespace frontdesk::canned
