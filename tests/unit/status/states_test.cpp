// SPDX-License-Identifier: Apache-2.0
#include "status/states.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace frontdesk::status {
namespace {

TEST(IncidentMoves, OpenStatesMoveFreelyAndResolvedIsFinal) {
  using enum IncidentStatus;
  for (auto from : {investigating, identified, monitoring}) {
    for (auto to : {investigating, identified, monitoring, resolved}) EXPECT_TRUE(incident_may_move(from, to));
  }
  for (auto to : {investigating, identified, monitoring, resolved}) EXPECT_FALSE(incident_may_move(resolved, to));
}

TEST(MaintenanceMoves, FollowTheSchedule) {
  using enum MaintenanceStatus;
  EXPECT_TRUE(maintenance_may_move(scheduled, in_progress));
  EXPECT_TRUE(maintenance_may_move(scheduled, cancelled));
  EXPECT_TRUE(maintenance_may_move(scheduled, completed));
  EXPECT_TRUE(maintenance_may_move(in_progress, completed));
  EXPECT_FALSE(maintenance_may_move(in_progress, scheduled));
  EXPECT_FALSE(maintenance_may_move(in_progress, cancelled));
  EXPECT_FALSE(maintenance_may_move(completed, in_progress));
  EXPECT_FALSE(maintenance_may_move(cancelled, scheduled));
}

TEST(PageIndicator, IsTheWorstOfComponentsAndOpenIncidents) {
  using C = ComponentStatus;
  const std::vector<C> fine{C::operational, C::operational};
  EXPECT_EQ(page_indicator(fine, {}).indicator, "none");
  EXPECT_EQ(page_indicator(fine, {}).description, "All Systems Operational");
  const std::vector<C> maintenance{C::operational, C::under_maintenance};
  EXPECT_EQ(page_indicator(maintenance, {}).indicator, "maintenance");
  const std::vector<C> partial{C::degraded_performance, C::partial_outage};
  EXPECT_EQ(page_indicator(partial, {}).indicator, "major");
  const std::vector<C> down{C::major_outage, C::under_maintenance};
  EXPECT_EQ(page_indicator(down, {}).indicator, "critical");
  const std::vector<Impact> minor{Impact::none, Impact::minor};
  EXPECT_EQ(page_indicator(fine, minor).indicator, "minor");
  const std::vector<Impact> critical{Impact::critical};
  EXPECT_EQ(page_indicator(maintenance, critical).indicator, "critical");
}

TEST(StatusNames, AreTheContractsWords) {
  EXPECT_EQ(core::to_string(ComponentStatus::degraded_performance), "degraded_performance");
  EXPECT_EQ(core::parse_enum<IncidentStatus>("monitoring"), IncidentStatus::monitoring);
  EXPECT_FALSE(core::parse_enum<Impact>("huge"));
  EXPECT_EQ(core::to_string(MaintenanceStatus::in_progress), "in_progress");
}

}  // namespace
}  // namespace frontdesk::status
