// SPDX-License-Identifier: Apache-2.0
#pragma once
// Inline YAML → compiled conditions, actions and rule sets for the rules unit tests.
#include "rules/condition.hpp"
#include "rules/loader.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace frontdesk::rules::testing {

inline Condition cond(const std::string& yaml) { return compile_condition("t.yaml", YAML::Load(yaml)); }

// The text of the CompileError `f` throws, or "no error".
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const CompileError& e) {
    return e.what();
  } catch (const RuleSetError& e) {
    return e.what();
  }
  return "no error";
}

inline TemplateSet templates_with(std::initializer_list<std::string> names) {
  TemplateSet set;
  std::vector<RuleError> errors;
  for (const auto& n : names) set.add(n, "templates/" + n + ".yaml", "en: {subject: Hi, body: Hello}", errors);
  return set;
}

}  // namespace frontdesk::rules::testing
