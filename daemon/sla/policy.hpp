// SPDX-License-Identifier: Apache-2.0
// SLA policies: first-response and resolution targets per priority on a calendar, with a
// warning threshold, chosen per ticket by category and customer tier.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ticket_enums.hpp"
#include "sla/calendar.hpp"

namespace frontdesk::sla {

struct Targets {
  std::chrono::microseconds first_response{0};
  std::chrono::microseconds resolution{0};
};

// Seed 003's table: urgent 15m/2h, high 30m/4h, medium 1h/8h, low 2h/24h.
[[nodiscard]] Targets default_targets(core::Priority priority) noexcept;

inline constexpr int default_warning_percent = 80;

struct Policy {
  std::string name;
  std::shared_ptr<const Calendar> calendar;
  std::array<Targets, 4> targets{};  // indexed by core::Priority
  int warning_percent = default_warning_percent;
  std::vector<std::string> categories;  // empty: any category
  std::vector<std::string> tiers;       // empty: any customer tier

  [[nodiscard]] const Targets& for_priority(core::Priority p) const noexcept {
    return targets[static_cast<std::size_t>(p)];
  }
  [[nodiscard]] bool matches(std::string_view category, std::string_view tier) const;
};

using Calendars = std::map<std::string, std::shared_ptr<const Calendar>, std::less<>>;

// The compiled `sla:` section, immutable once built and shared by the threads that read it.
class PolicySet {
 public:
  // Seed 003's targets on the 24x7 calendar, as policy "default".
  PolicySet();
  // `policies` in file order; the built-in default is appended as the fallback. `calendars`
  // by name (sla.calendars and the built-in 24x7), for whoever else keeps hours by them.
  explicit PolicySet(std::vector<Policy> policies, Calendars calendars = {});

  // The first policy whose match fits, else the built-in default.
  [[nodiscard]] const Policy& select(std::string_view category, std::string_view tier) const;
  [[nodiscard]] const std::vector<Policy>& policies() const noexcept { return policies_; }
  // The calendar called `name`, or null when there is none.
  [[nodiscard]] std::shared_ptr<const Calendar> calendar(std::string_view name) const;

 private:
  std::vector<Policy> policies_;
  Calendars calendars_;
};

[[nodiscard]] Policy builtin_default_policy();

}  // namespace frontdesk::sla
