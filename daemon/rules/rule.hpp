// SPDX-License-Identifier: Apache-2.0
// A compiled rule and the set of rules one load produced, indexed by event.
#pragma once

#include "rules/action.hpp"
#include "rules/condition.hpp"
#include "rules/schedule.hpp"
#include "rules/templates.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::rules {

enum class Event : std::uint8_t {
  ticket_created, message_received, ticket_updated, status_changed, sla_warning, sla_breached,
  survey_answered, agent_availability_changed, incident_opened, incident_updated, incident_resolved, schedule,
  manual,  // a macro: run on a ticket by an agent, never by an event
  count_
};
inline constexpr std::size_t kEventCount = static_cast<std::size_t>(Event::count_);

[[nodiscard]] std::string_view event_name(Event e) noexcept;
[[nodiscard]] std::optional<Event> parse_event(std::string_view name) noexcept;
[[nodiscard]] std::string event_names();

// A Lua rule's script: its file and text, loaded once per worker's Lua state.
struct LuaScript {
  std::string path;  // as shown in messages
  std::string source;
};

struct Rule {
  std::string name;
  Location where;
  Event event = Event::ticket_created;
  std::optional<Schedule> schedule;   // event == schedule
  std::optional<Condition> condition;  // none: always
  std::vector<Action> actions;
  std::shared_ptr<const LuaScript> lua;
  bool stop = false;  // no later rule runs for this event once this one matched

  // Per-rule counters; mutable through a const RuleSet (rule sets are shared read-only).
  mutable std::atomic<std::uint64_t> matches{0};
  mutable std::atomic<std::uint64_t> lua_errors{0};

  Rule() = default;
  Rule(Rule&& other) noexcept;
  Rule& operator=(Rule&&) = delete;
};

class RuleSet {
 public:
  RuleSet(std::vector<Rule> rules, TemplateSet templates);
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  [[nodiscard]] const std::vector<Rule>& rules() const noexcept { return rules_; }
  [[nodiscard]] const std::vector<const Rule*>& for_event(Event e) const noexcept {
    return by_event_[static_cast<std::size_t>(e)];
  }
  [[nodiscard]] const TemplateSet& templates() const noexcept { return templates_; }
  [[nodiscard]] const Rule* find(std::string_view name) const noexcept;

 private:
  std::vector<Rule> rules_;
  std::array<std::vector<const Rule*>, kEventCount> by_event_;
  TemplateSet templates_;
};

}  // namespace frontdesk::rules
