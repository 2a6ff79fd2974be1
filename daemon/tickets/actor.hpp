// SPDX-License-Identifier: Apache-2.0
// Who asks for a ticket change. Every audit event records it, and it is the only thing that
// differs between the same change made by an agent, a rule, a channel command or the SLA
// scheduler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::tickets {

struct Actor {
  enum class Kind { customer, agent, admin, rule, system };

  Kind kind = Kind::system;
  std::optional<std::int64_t> id;  // the customer or agent; none for the bootstrap admin, rules, system
  std::string rule;                // the rule's name, for Kind::rule
  int depth = 0;                   // how deep in rule-caused changes (rules stop at a fixed depth)

  static Actor of_rule(std::string name, int depth) { return {Kind::rule, std::nullopt, std::move(name), depth}; }
  static Actor system(int depth = 0) { return {Kind::system, std::nullopt, {}, depth}; }

  // The audit_events.actor_kind text.
  [[nodiscard]] std::string_view kind_name() const noexcept;
  // The messages.author_kind text for what this actor writes ("system" for rules).
  [[nodiscard]] std::string_view author_kind() const noexcept;
};

}  // namespace frontdesk::tickets
