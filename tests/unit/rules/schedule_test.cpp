// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

#include "rules/schedule.hpp"

namespace frontdesk::rules {
namespace {

std::int64_t at(const char* iso) {
  std::int64_t ms = 0;
  EXPECT_TRUE(parse_iso_time(iso, ms)) << iso;
  return ms;
}

Schedule sched(const std::string& yaml) { return Schedule::compile("s.yaml", YAML::Load(yaml)); }

TEST(Schedule, EveryAddsTheInterval) {
  const auto s = sched("{every: 1h}");
  EXPECT_EQ(s.text(), "every 1h");
  EXPECT_EQ(s.next_after(at("2026-01-01T10:00:00Z")), at("2026-01-01T11:00:00Z"));
}

TEST(Schedule, CronFindsTheNextMatchingMinute) {
  const auto s = sched("{cron: '30 9 * * 1-5'}");  // 09:30 on weekdays
  EXPECT_EQ(s.text(), "cron 30 9 * * 1-5");
  // 2026-01-02 is a Friday; the next weekday 09:30 after Friday 10:00 is Monday the 5th.
  EXPECT_EQ(s.next_after(at("2026-01-02T10:00:00Z")), at("2026-01-05T09:30:00Z"));
  EXPECT_EQ(s.next_after(at("2026-01-05T09:29:59Z")), at("2026-01-05T09:30:00Z"));
  EXPECT_EQ(sched("{cron: '*/15 * * * *'}").next_after(at("2026-01-01T10:07:00Z")), at("2026-01-01T10:15:00Z"));
  EXPECT_EQ(sched("{cron: '0 0 1 3 *'}").next_after(at("2026-03-01T00:00:00Z")), at("2027-03-01T00:00:00Z"));
}

TEST(Schedule, Errors) {
  auto error = [](const std::string& yaml) {
    return testing::error_of([&] { (void)sched(yaml); });
  };
  EXPECT_EQ(error("{cron: '61 * * * *'}"), "s.yaml:1:8: bad cron minute field '61'");
  EXPECT_EQ(error("{cron: '* * *'}"), "s.yaml:1:8: a cron line has 5 fields (minute hour day month weekday), got 3");
  EXPECT_EQ(error("{every: 500ms}"), "s.yaml:1:9: a schedule runs at most once a second");
  EXPECT_EQ(error("{at: noon}"), "s.yaml:1:2: unknown schedule 'at' (valid: every, cron)");
}

}  // namespace
}  // namespace frontdesk::rules
