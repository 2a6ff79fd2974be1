// SPDX-License-Identifier: Apache-2.0
#include "sla/policy_config.hpp"

#include <gtest/gtest.h>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"

namespace frontdesk::sla {
namespace {

std::shared_ptr<const PolicySet> compile(const std::string& yaml) {
  return compile_policies(config::load_config_string(yaml, "frontdesk.yaml").sla);
}

std::vector<std::string> problems(const std::string& yaml) {
  try {
    (void)compile(yaml);
  } catch (const config::ConfigError& e) {
    return e.problems();
  }
  return {};
}

TEST(PolicyConfig, EmptyMeansSeedTargetsAroundTheClock) {
  const auto set = compile("listen: 127.0.0.1:8080\n");
  const Policy& p = set->select("payment", "gold");
  EXPECT_EQ(p.name, "default");
  EXPECT_TRUE(p.calendar->always_open());
  EXPECT_EQ(p.warning_percent, 80);
  EXPECT_EQ(p.for_priority(core::Priority::urgent).first_response, std::chrono::minutes(15));
  EXPECT_EQ(p.for_priority(core::Priority::urgent).resolution, std::chrono::hours(2));
  EXPECT_EQ(p.for_priority(core::Priority::high).resolution, std::chrono::hours(4));
  EXPECT_EQ(p.for_priority(core::Priority::medium).first_response, std::chrono::hours(1));
  EXPECT_EQ(p.for_priority(core::Priority::low).resolution, std::chrono::hours(24));
}

TEST(PolicyConfig, PoliciesMatchByTierAndCategoryInFileOrder) {
  const auto set = compile(R"(
sla:
  calendars:
    office:
      time_zone: Europe/Berlin
      hours: { mon: "09:00-17:00", tue: ["09:00-12:00", "13:00-17:00"], sat: closed }
      holidays: [2026-12-25]
  policies:
    vip:
      match: { tier: [gold, platinum] }
      warning: 75%
      targets: { urgent: { first_response: 5m } }
    payments:
      match: { category: [payment, billing] }
      calendar: office
      targets: { low: { first_response: 4h, resolution: 3d } }
)");
  const Policy& vip = set->select("payment", "gold");
  EXPECT_EQ(vip.name, "vip");
  EXPECT_EQ(vip.warning_percent, 75);
  EXPECT_EQ(vip.for_priority(core::Priority::urgent).first_response, std::chrono::minutes(5));
  EXPECT_EQ(vip.for_priority(core::Priority::urgent).resolution, std::chrono::hours(2));
  const Policy& pay = set->select("billing", "standard");
  EXPECT_EQ(pay.name, "payments");
  EXPECT_EQ(pay.calendar->name(), "office");
  EXPECT_EQ(pay.calendar->zone_name(), "Europe/Berlin");
  EXPECT_EQ(pay.calendar->week()[2].size(), 2U);
  EXPECT_EQ(pay.for_priority(core::Priority::low).resolution, std::chrono::hours(72));
  EXPECT_EQ(set->select("technical", "standard").name, "default");
}

TEST(PolicyConfig, ErrorsPointAtTheLine) {
  const auto found = problems(R"(sla:
  calendars:
    office:
      time_zone: Europe/Berln
      hours: { mon: "09:00-17:00", tue: "9-5", funday: "10:00-11:00" }
      holidays: [2026-02-30]
  policies:
    vip:
      match: { tier: gold, category: [payments] }
      calendar: nowhere
      warning: 120%
      targets:
        urgent: { first_response: 5 minutes, resolution: 0s }
        critical: { first_response: 5m }
      escalate: true
)");
  const std::vector<std::string> expected{
      "frontdesk.yaml:4: sla.calendars.office.time_zone: unknown time zone 'Europe/Berln'",
      "frontdesk.yaml:5: sla.calendars.office.hours: unknown key 'funday' (valid: mon, tue, wed, thu, fri, sat, sun)",
      "frontdesk.yaml:5: sla.calendars.office.hours.tue: expected opening hours \"HH:MM-HH:MM\", got '9-5'",
      "frontdesk.yaml:6: sla.calendars.office.holidays: expected a date YYYY-MM-DD, got '2026-02-30'",
      "frontdesk.yaml:15: sla.policies.vip: unknown key 'escalate' (valid: match, calendar, warning, targets)",
      "frontdesk.yaml:9: sla.policies.vip.match.category: unknown category 'payments' (valid: account, booking, "
      "payment, technical, billing, complaint, feature_request, bug_report, general, other)",
      "frontdesk.yaml:10: sla.policies.vip.calendar: unknown calendar 'nowhere' (defined: 24x7, office)",
      "frontdesk.yaml:11: sla.policies.vip.warning: expected a percentage of the target from 1% to 99%, got '120%'",
      "frontdesk.yaml:13: sla.policies.vip.targets.urgent.first_response: bad duration '5 minutes': "
      "unexpected character ' '",
      "frontdesk.yaml:13: sla.policies.vip.targets.urgent.resolution: a target must be more than 0s and at most 366d",
      "frontdesk.yaml:14: sla.policies.vip.targets: unknown priority 'critical' (valid: urgent, high, medium, low)",
  };
  EXPECT_EQ(found, expected);
}

TEST(PolicyConfig, OverlappingHoursAreRejected) {
  const auto found = problems(R"(sla:
  calendars:
    support:
      time_zone: UTC
      hours: { fri: "22:00-06:00", sat: "05:00-09:00" }
)");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0], "frontdesk.yaml:5: sla.calendars.support.hours: fri: the opening past midnight overlaps sat's first opening");
}

TEST(PolicyConfig, BuiltinCalendarCannotBeRedefined) {
  const auto found = problems("sla:\n  calendars:\n    24x7: { time_zone: UTC, hours: { mon: \"00:00-24:00\" } }\n");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0], "frontdesk.yaml:3: sla.calendars.24x7: the name '24x7' is built in and cannot be redefined");
}

}  // namespace
}  // namespace frontdesk::sla
