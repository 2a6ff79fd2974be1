// SPDX-License-Identifier: Apache-2.0
#include "status/iso_time.hpp"

#include <gtest/gtest.h>

namespace frontdesk::status {
namespace {

TEST(IsoTime, TakesDateTimeWithOffset) {
  for (const char* ok : {"2026-12-24T22:00:00Z", "2026-12-24T22:00Z", "2026-12-24T22:00:00.5+01:00",
                         "2028-02-29T00:00:00-05:30", "2026-01-01T23:59:59.123456Z"}) {
    EXPECT_TRUE(is_iso_time(ok)) << ok;
  }
}

TEST(IsoTime, RefusesWhatPostgreSqlWouldNotReadOrReadAsLocalTime) {
  for (const char* bad : {"", "tomorrow", "2026-12-24", "2026-12-24T22:00:00", "2026-02-29T00:00:00Z",
                          "2026-13-01T00:00:00Z", "2026-12-32T00:00:00Z", "2026-12-24T24:00:00Z",
                          "2026-12-24T22:60:00Z", "2026-12-24T22:00:00.Z", "2026-12-24T22:00:00Zjunk",
                          "2026-12-24T22:00:00+1:00", "0000-01-01T00:00:00Z", "2026-12-24 22:00:00Z"}) {
    EXPECT_FALSE(is_iso_time(bad)) << bad;
  }
}

}  // namespace
}  // namespace frontdesk::status
