// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page's words (DESIGN.md "Status page"): a component's status, an incident's
// status and impact, a maintenance's status; the moves allowed between them; and what the
// page says about the whole (Statuspage's indicator). Pure.
#include "core/enum_names.hpp"

#include <array>
#include <span>
#include <string_view>

namespace frontdesk::status {

enum class ComponentStatus {
  operational, degraded_performance, partial_outage, major_outage, under_maintenance
};
enum class IncidentStatus { investigating, identified, monitoring, resolved };
enum class Impact { none, minor, major, critical };
enum class MaintenanceStatus { scheduled, in_progress, completed, cancelled };

}  // namespace frontdesk::status

template <>
struct frontdesk::core::EnumNames<frontdesk::status::ComponentStatus> {
  static constexpr std::string_view type_name = "component status";
  static constexpr std::array<std::string_view, 5> names{
      "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"};
};
template <>
struct frontdesk::core::EnumNames<frontdesk::status::IncidentStatus> {
  static constexpr std::string_view type_name = "incident status";
  static constexpr std::array<std::string_view, 4> names{"investigating", "identified", "monitoring",
                                                         "resolved"};
};
template <>
struct frontdesk::core::EnumNames<frontdesk::status::Impact> {
  static constexpr std::string_view type_name = "impact";
  static constexpr std::array<std::string_view, 4> names{"none", "minor", "major", "critical"};
};
template <>
struct frontdesk::core::EnumNames<frontdesk::status::MaintenanceStatus> {
  static constexpr std::string_view type_name = "maintenance status";
  static constexpr std::array<std::string_view, 4> names{"scheduled", "in_progress", "completed",
                                                         "cancelled"};
};

namespace frontdesk::status {

// A resolved incident is history: it takes no further update. Open ones move freely among
// the open states (a fix that did not hold goes back to investigating) or resolve.
[[nodiscard]] bool incident_may_move(IncidentStatus from, IncidentStatus to) noexcept;

// scheduled → in_progress → completed; scheduled → cancelled. Nothing leaves completed or
// cancelled.
[[nodiscard]] bool maintenance_may_move(MaintenanceStatus from, MaintenanceStatus to) noexcept;

// Statuspage's page indicator and its words.
struct Indicator {
  std::string_view indicator;    // none | minor | major | critical | maintenance
  std::string_view description;  // "All Systems Operational", ...
};

// The worst of the components' statuses and the open (published) incidents' impacts.
[[nodiscard]] Indicator page_indicator(std::span<const ComponentStatus> components,
                                       std::span<const Impact> open_incidents) noexcept;

}  // namespace frontdesk::status
