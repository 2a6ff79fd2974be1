// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_error.hpp"

#include <yaml-cpp/yaml.h>

namespace frontdesk::rules {

Location Location::of(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

Location Location::of(const std::string& file, const YAML::Node& node) {
  return of(file, node.Mark());
}

std::string Location::text() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

CompileError::CompileError(Location where, std::string message)
    : std::runtime_error(where.text() + ": " + message), error_{std::move(where), std::move(message)} {}

namespace {
std::string join_errors(const std::vector<RuleError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += e.text();
  }
  return out;
}
}  // namespace

RuleSetError::RuleSetError(std::vector<RuleError> errors)
    : std::runtime_error(join_errors(errors)), errors_(std::move(errors)) {}

}  // namespace frontdesk::rules
