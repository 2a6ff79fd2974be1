// SPDX-License-Identifier: Apache-2.0
#include "sla/policy.hpp"

#include <algorithm>
#include <utility>

namespace frontdesk::sla {

Targets default_targets(core::Priority priority) noexcept {
  using std::chrono::hours;
  using std::chrono::minutes;
  switch (priority) {
    case core::Priority::urgent: return {minutes(15), hours(2)};
    case core::Priority::high: return {minutes(30), hours(4)};
    case core::Priority::medium: return {hours(1), hours(8)};
    case core::Priority::low: break;
  }
  return {hours(2), hours(24)};
}

Policy builtin_default_policy() {
  Policy p;
  p.name = "default";
  p.calendar = std::make_shared<const Calendar>();
  for (auto priority : {core::Priority::urgent, core::Priority::high, core::Priority::medium,
                        core::Priority::low}) {
    p.targets[static_cast<std::size_t>(priority)] = default_targets(priority);
  }
  return p;
}

bool Policy::matches(std::string_view category, std::string_view tier) const {
  const auto listed = [](const std::vector<std::string>& values, std::string_view v) {
    return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
  };
  return listed(categories, category) && listed(tiers, tier);
}

PolicySet::PolicySet() : PolicySet(std::vector<Policy>{}) {}

PolicySet::PolicySet(std::vector<Policy> policies, Calendars calendars)
    : policies_(std::move(policies)), calendars_(std::move(calendars)) {
  policies_.push_back(builtin_default_policy());
}

std::shared_ptr<const Calendar> PolicySet::calendar(std::string_view name) const {
  const auto found = calendars_.find(name);
  return found == calendars_.end() ? nullptr : found->second;
}

const Policy& PolicySet::select(std::string_view category, std::string_view tier) const {
  for (const Policy& p : policies_) {
    if (p.matches(category, tier)) return p;
  }
  return policies_.back();
}

}  // namespace frontdesk::sla
