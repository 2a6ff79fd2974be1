// SPDX-License-Identifier: Apache-2.0
#include "rules/evaluator.hpp"

namespace frontdesk::rules {

namespace {

std::string explain_failure(const Condition& c, const Facts& facts) {
  const Condition* f = c.first_failure(facts);
  std::string out = f->text;
  if (f->kind == Condition::Kind::leaf) {
    const Value& v = facts[f->field];
    out += " (" + std::string(field_name(f->field)) + " is " + (v.is_null() ? "not set" : "'" + to_display(v) + "'") + ")";
  }
  return out;
}

}  // namespace

std::optional<RuleOutcome> evaluate_rule(const RuleSet& set, const Rule& rule, const Facts& facts,
                                         const EvaluateOptions& options) {
  if (rule.condition && !rule.condition->evaluate(facts)) {
    if (!options.explain) return std::nullopt;
    RuleOutcome skipped;
    skipped.rule = &rule;
    skipped.failed = explain_failure(*rule.condition, facts);
    return skipped;
  }
  RuleOutcome out;
  out.rule = &rule;
  out.matched = true;
  rule.matches.fetch_add(1, std::memory_order_relaxed);
  out.actions = rule.actions;
  if (rule.lua) {
    if (options.lua == nullptr) {
      out.lua_error = "no Lua sandbox on this thread";
    } else {
      auto result = options.lua->call(rule.lua, event_name(rule.event), facts, set.templates());
      if (result) {
        out.actions.insert(out.actions.end(), result->begin(), result->end());
      } else {
        out.lua_error = result.error();
        rule.lua_errors.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }
  return out;
}

std::vector<RuleOutcome> evaluate(const RuleSet& set, Event event, const Facts& facts, const EvaluateOptions& options) {
  std::vector<RuleOutcome> outcomes;
  bool stopped = false;
  for (const Rule* rule : set.for_event(event)) {
    if (stopped) {
      if (options.explain) outcomes.push_back({rule, false, "an earlier rule stopped the chain", {}, {}});
      continue;
    }
    auto outcome = evaluate_rule(set, *rule, facts, options);
    if (!outcome) continue;
    if (outcome->matched) {
      stopped = rule->stop;
      for (const auto& a : outcome->actions) stopped = stopped || a.kind == ActionKind::stop;
    }
    outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

}  // namespace frontdesk::rules
