// SPDX-License-Identifier: Apache-2.0
// Compiled actions: what a matching rule does, with every argument checked at load time
// (enum values, template names, durations) so the runtime only executes.
#pragma once

#include "rules/rule_error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace frontdesk::rules {

enum class ActionKind : std::uint8_t {
  assign, set_priority, set_category, add_tag, remove_tag, set_status, escalate, reply,
  note, notify, close, send_survey, merge_duplicates, unmerge, split, link_incident, stop
};

enum class Strategy : std::uint8_t { direct, round_robin, least_loaded, skills, sticky };

[[nodiscard]] std::string_view action_name(ActionKind kind) noexcept;
[[nodiscard]] std::optional<ActionKind> parse_action_name(std::string_view name) noexcept;
[[nodiscard]] std::string action_names();
[[nodiscard]] std::string_view strategy_name(Strategy s) noexcept;

inline constexpr std::int64_t kDefaultSurveyExpiryMs = 7LL * 24 * 3600 * 1000;
inline constexpr std::int64_t kDefaultMergeWindowMs = 24LL * 3600 * 1000;

struct Action {
  ActionKind kind = ActionKind::stop;
  // The main argument: priority/category/status/tag/resolution/template/note text/survey
  // kind, or the escalation reason.
  std::string value;
  Strategy strategy = Strategy::direct;  // assign
  std::string agent;     // assign/escalate/notify: an agent's email
  std::string team;      // assign/escalate/notify: a team name
  std::string webhook;   // notify: an http(s) URL
  std::string template_name;  // reply/notify
  std::string summary;   // close
  std::int64_t millis = 0;    // send_survey expiry, merge_duplicates window
  double min_score = 0.9;     // merge_duplicates: the least similarity that merges
  Location where;

  // "assign {strategy: least_loaded, team: billing}", as `rules test` prints it.
  [[nodiscard]] std::string describe() const;
};

// Names the compiler can check templates against; the loader passes the set it loaded.
class TemplateCatalog {
 public:
  virtual ~TemplateCatalog() = default;
  [[nodiscard]] virtual bool has(std::string_view name) const = 0;
  [[nodiscard]] virtual std::string names() const = 0;
};

// Compiles one action written as `{<name>: <argument>}` (or the bare scalar `stop`).
// Throws CompileError naming the valid actions or values.
[[nodiscard]] Action compile_action(const std::string& file, const YAML::Node& node,
                                    const TemplateCatalog& templates);
// The same for an action whose name is already known (Lua's api.<name>(argument)).
[[nodiscard]] Action compile_action(const std::string& file, std::string_view name,
                                    const YAML::Node& argument, const YAML::Node& at,
                                    const TemplateCatalog& templates);

}  // namespace frontdesk::rules
