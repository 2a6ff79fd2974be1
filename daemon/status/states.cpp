// SPDX-License-Identifier: Apache-2.0
#include "status/states.hpp"

#include <algorithm>

namespace frontdesk::status {

bool incident_may_move(IncidentStatus from, IncidentStatus to) noexcept {
  (void)to;
  return from != IncidentStatus::resolved;
}

bool maintenance_may_move(MaintenanceStatus from, MaintenanceStatus to) noexcept {
  using enum MaintenanceStatus;
  switch (from) {
    case scheduled: return to == in_progress || to == completed || to == cancelled;
    case in_progress: return to == completed;
    case completed:
    case cancelled: return false;
  }
  return false;
}

namespace {

// 0 none … 3 critical, as Statuspage ranks them.
int rank(ComponentStatus s) noexcept {
  switch (s) {
    case ComponentStatus::operational:
    case ComponentStatus::under_maintenance: return 0;
    case ComponentStatus::degraded_performance: return 1;
    case ComponentStatus::partial_outage: return 2;
    case ComponentStatus::major_outage: return 3;
  }
  return 0;
}

int rank(Impact i) noexcept { return static_cast<int>(i); }

}  // namespace

Indicator page_indicator(std::span<const ComponentStatus> components,
                         std::span<const Impact> open_incidents) noexcept {
  int worst = 0;
  for (auto c : components) worst = std::max(worst, rank(c));
  for (auto i : open_incidents) worst = std::max(worst, rank(i));
  switch (worst) {
    case 1: return {"minor", "Minor Service Outage"};
    case 2: return {"major", "Partial System Outage"};
    case 3: return {"critical", "Major System Outage"};
    default: break;
  }
  const bool maintenance = std::any_of(components.begin(), components.end(), [](ComponentStatus c) {
    return c == ComponentStatus::under_maintenance;
  });
  if (maintenance) return {"maintenance", "Service Under Maintenance"};
  return {"none", "All Systems Operational"};
}

}  // namespace frontdesk::status
