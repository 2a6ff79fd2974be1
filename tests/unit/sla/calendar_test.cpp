// SPDX-License-Identifier: Apache-2.0
#include "sla/calendar.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

namespace frontdesk::sla {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

using testing::at;
using testing::iso;

// Mon-Fri 09:00-17:00 in `zone`, with `holidays`.
Calendar office(const char* zone, std::set<date::local_days> holidays = {}) {
  std::vector<std::vector<OpeningSpan>> week(7);
  for (int d = 1; d <= 5; ++d) week[d] = {{9 * 60, 17 * 60}};
  return Calendar("office", date::locate_zone(zone), week, std::move(holidays));
}

TEST(Calendar, AlwaysOpenAddsWallClockTime) {
  const Calendar c;
  EXPECT_EQ(iso(c.add(at("2026-01-03T23:50:00Z"), minutes(15))), "2026-01-04T00:05:00Z");
  EXPECT_EQ(c.between(at("2026-01-03T23:50:00Z"), at("2026-01-04T00:05:00Z")), minutes(15));
}

TEST(Calendar, WithinOneDay) {
  const Calendar c = office("UTC");
  EXPECT_EQ(iso(c.add(at("2026-01-05T10:00:00Z"), hours(2))), "2026-01-05T12:00:00Z");
}

TEST(Calendar, OvernightSpanCarriesToNextMorning) {
  const Calendar c = office("UTC");
  // Monday 16:00 + 2h business = 1h Monday + 1h Tuesday.
  EXPECT_EQ(iso(c.add(at("2026-01-05T16:00:00Z"), hours(2))), "2026-01-06T10:00:00Z");
  EXPECT_EQ(c.between(at("2026-01-05T16:00:00Z"), at("2026-01-06T10:00:00Z")), hours(2));
}

TEST(Calendar, StartOutsideHoursBeginsAtOpening) {
  const Calendar c = office("UTC");
  EXPECT_EQ(iso(c.add(at("2026-01-05T06:00:00Z"), minutes(15))), "2026-01-05T09:15:00Z");
  EXPECT_EQ(c.between(at("2026-01-05T17:30:00Z"), at("2026-01-06T08:59:00Z")), minutes(0));
}

TEST(Calendar, WeekendIsSkipped) {
  const Calendar c = office("UTC");
  // Friday 2026-01-09 15:00 + 4h = 2h Friday + 2h Monday.
  EXPECT_EQ(iso(c.add(at("2026-01-09T15:00:00Z"), hours(4))), "2026-01-12T11:00:00Z");
  EXPECT_EQ(c.between(at("2026-01-09T15:00:00Z"), at("2026-01-12T11:00:00Z")), hours(4));
  // A ticket opened on Saturday starts on Monday morning.
  EXPECT_EQ(iso(c.add(at("2026-01-10T12:00:00Z"), minutes(30))), "2026-01-12T09:30:00Z");
}

TEST(Calendar, HolidaysAreClosed) {
  using namespace date::literals;
  const Calendar c = office("UTC", {date::local_days(2025_y / date::dec / 25), date::local_days(2025_y / date::dec / 26)});
  // Wednesday 24 Dec 16:00 + 2h: 1h on the 24th, Christmas and Boxing Day closed, the
  // weekend closed, 1h on Monday 29th.
  EXPECT_EQ(iso(c.add(at("2025-12-24T16:00:00Z"), hours(2))), "2025-12-29T10:00:00Z");
  EXPECT_EQ(c.between(at("2025-12-24T00:00:00Z"), at("2025-12-30T00:00:00Z")), hours(16));
}

TEST(Calendar, LocalHoursFollowTheZone) {
  const Calendar c = office("America/New_York");
  // 09:00 EST is 14:00 UTC in January.
  EXPECT_EQ(iso(c.add(at("2026-01-05T12:00:00Z"), minutes(1))), "2026-01-05T14:01:00Z");
}

TEST(Calendar, SpringForwardInBerlin) {
  const Calendar c = office("Europe/Berlin");
  // Friday 27 March 2026 16:00 CET (15:00Z) + 2h: 1h Friday, then Monday 30 March opens at
  // 09:00 CEST, which is 07:00Z (no longer 08:00Z).
  EXPECT_EQ(iso(c.add(at("2026-03-27T15:00:00Z"), hours(2))), "2026-03-30T08:00:00Z");
  EXPECT_EQ(c.between(at("2026-03-27T07:00:00Z"), at("2026-03-31T07:00:00Z")), hours(16));
}

TEST(Calendar, AroundTheClockLosesAnHourOnSpringForward) {
  std::vector<std::vector<OpeningSpan>> week(7);
  for (auto& day : week) day = {{0, 1440}};
  const Calendar c("nonstop", date::locate_zone("America/New_York"), week, {});
  // 8 March 2026: 02:00 EST jumps to 03:00 EDT, the local day has 23 hours.
  EXPECT_EQ(c.between(at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z")), hours(23));
  EXPECT_EQ(iso(c.add(at("2026-03-08T05:00:00Z"), hours(23))), "2026-03-09T04:00:00Z");
}

TEST(Calendar, NightShiftPastMidnight) {
  std::vector<std::vector<OpeningSpan>> week(7);
  week[5] = {{22 * 60, 6 * 60}};  // Friday 22:00 to Saturday 06:00
  const Calendar c("night", date::locate_zone("UTC"), week, {});
  EXPECT_EQ(iso(c.add(at("2026-01-09T21:00:00Z"), hours(3))), "2026-01-10T01:00:00Z");
  EXPECT_EQ(iso(c.add(at("2026-01-10T03:00:00Z"), hours(4))), "2026-01-16T23:00:00Z");
  EXPECT_EQ(c.between(at("2026-01-09T00:00:00Z"), at("2026-01-11T00:00:00Z")), hours(8));
}

TEST(Calendar, ZeroAmountIsTheStart) {
  const Calendar c = office("UTC");
  EXPECT_EQ(iso(c.add(at("2026-01-10T12:00:00Z"), minutes(0))), "2026-01-10T12:00:00Z");
  EXPECT_EQ(c.between(at("2026-01-06T10:00:00Z"), at("2026-01-05T10:00:00Z")), minutes(0));
}

TEST(Calendar, AllHolidaysNeverOpens) {
  std::vector<std::vector<OpeningSpan>> week(7);
  week[1] = {{540, 1020}};
  std::set<date::local_days> holidays;
  using namespace date::literals;
  for (auto d = date::local_days(2026_y / 1 / 1); d < date::local_days(2037_y / 1 / 1); d += date::days(7)) {
    for (int i = 0; i < 7; ++i) holidays.insert(d + date::days(i));
  }
  const Calendar c("closed", date::locate_zone("UTC"), week, holidays);
  EXPECT_THROW((void)c.add(at("2026-01-05T10:00:00Z"), minutes(1)), std::runtime_error);
}

TEST(ValidateWeek, Problems) {
  std::vector<std::vector<OpeningSpan>> week(7);
  EXPECT_EQ(validate_week(week), "the calendar has no opening hours");
  week[1] = {{600, 700}, {650, 800}};
  EXPECT_EQ(validate_week(week), "mon: opening hours overlap or are out of order");
  week[1] = {{1320, 360}, {400, 500}};
  EXPECT_EQ(validate_week(week), "mon: only the last opening of a day may run past midnight");
  week[1] = {{1320, 360}};
  week[2] = {{300, 500}};
  EXPECT_EQ(validate_week(week), "mon: the opening past midnight overlaps tue's first opening");
  week[2] = {{360, 500}};
  EXPECT_EQ(validate_week(week), "");
}

}  // namespace
}  // namespace frontdesk::sla
