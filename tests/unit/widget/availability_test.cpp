// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "../sla/test_time.hpp"
#include "widget/availability.hpp"

namespace frontdesk::widget {
namespace {

using sla::testing::at;

sla::Calendar office() {
  std::vector<std::vector<sla::OpeningSpan>> week(7);
  for (int day = 1; day <= 5; ++day) week[static_cast<std::size_t>(day)] = {{9 * 60, 17 * 60}};
  return {"office", date::locate_zone("UTC"), week, {}};
}

TEST(WidgetAvailability, ChatNeedsTheChannelTheHoursAndAFreeAgent) {
  const auto hours = office();
  const auto monday_noon = at("2026-01-05T12:00:00Z");
  const auto monday_night = at("2026-01-05T20:00:00Z");
  EXPECT_EQ(decide(true, &hours, monday_noon, true), Reach::chat);
  EXPECT_EQ(decide(true, nullptr, monday_night, true), Reach::chat);
  EXPECT_EQ(decide(true, &hours, monday_night, true), Reach::closed);
  EXPECT_EQ(decide(true, &hours, monday_noon, false), Reach::no_agent);
  EXPECT_EQ(decide(false, &hours, monday_noon, true), Reach::disabled);
}

TEST(WidgetAvailability, TheAnswerSaysWhy) {
  EXPECT_EQ(availability_body(Reach::chat),
            (boost::json::object{{"chat", true}, {"reason", nullptr}}));
  EXPECT_EQ(availability_body(Reach::closed),
            (boost::json::object{{"chat", false}, {"reason", "closed"}}));
  EXPECT_EQ(availability_body(Reach::no_agent),
            (boost::json::object{{"chat", false}, {"reason", "no_agent"}}));
  EXPECT_EQ(availability_body(Reach::disabled),
            (boost::json::object{{"chat", false}, {"reason", "disabled"}}));
}

}  // namespace
}  // namespace frontdesk::widget
