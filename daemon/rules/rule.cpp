// SPDX-License-Identifier: Apache-2.0
#include "rules/rule.hpp"

namespace frontdesk::rules {

namespace {
constexpr std::array<std::string_view, kEventCount> kEventNames{
    "ticket.created", "message.received", "ticket.updated",  "status.changed",
    "sla.warning",    "sla.breached",     "survey.answered", "agent.availability_changed",
    "incident.opened", "incident.updated", "incident.resolved", "schedule", "manual"};
}  // namespace

std::string_view event_name(Event e) noexcept { return kEventNames[static_cast<std::size_t>(e)]; }

std::optional<Event> parse_event(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kEventNames.size(); ++i) {
    if (kEventNames[i] == name) return static_cast<Event>(i);
  }
  return std::nullopt;
}

std::string event_names() {
  std::string out;
  for (auto n : kEventNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

Rule::Rule(Rule&& other) noexcept
    : name(std::move(other.name)),
      where(std::move(other.where)),
      event(other.event),
      schedule(std::move(other.schedule)),
      condition(std::move(other.condition)),
      actions(std::move(other.actions)),
      lua(std::move(other.lua)),
      stop(other.stop),
      matches(other.matches.load()),
      lua_errors(other.lua_errors.load()) {}

RuleSet::RuleSet(std::vector<Rule> rules, TemplateSet templates)
    : rules_(std::move(rules)), templates_(std::move(templates)) {
  for (const auto& r : rules_) by_event_[static_cast<std::size_t>(r.event)].push_back(&r);
}

const Rule* RuleSet::find(std::string_view name) const noexcept {
  for (const auto& r : rules_) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace frontdesk::rules
