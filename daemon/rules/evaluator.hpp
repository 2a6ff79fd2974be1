// SPDX-License-Identifier: Apache-2.0
// Runs the rules of one event over its facts: conditions in file then position order,
// Lua rules through the worker's sandbox, `stop` ending the chain. Pure: it decides,
// the runtime (or `rules test`) acts on the decisions.
#pragma once

#include "rules/lua_sandbox.hpp"
#include "rules/rule.hpp"

#include <string>
#include <vector>

namespace frontdesk::rules {

struct RuleOutcome {
  const Rule* rule = nullptr;
  bool matched = false;
  std::string failed;      // explain mode: the condition that did not hold
  std::string lua_error;   // a Lua rule that failed (logged and counted by the caller)
  std::vector<Action> actions;
};

struct EvaluateOptions {
  bool explain = false;    // fill RuleOutcome::failed and list rules that did not match
  LuaSandbox* lua = nullptr;  // required when the set has Lua rules
};

// Outcomes of the rules for `event`: matched ones always, skipped ones in explain mode.
[[nodiscard]] std::vector<RuleOutcome> evaluate(const RuleSet& set, Event event, const Facts& facts,
                                                const EvaluateOptions& options);

// One rule (a scheduled rule over one ticket); nullopt when it did not match and
// explain is off.
[[nodiscard]] std::optional<RuleOutcome> evaluate_rule(const RuleSet& set, const Rule& rule, const Facts& facts,
                                                       const EvaluateOptions& options);

}  // namespace frontdesk::rules
