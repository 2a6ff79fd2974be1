// SPDX-License-Identifier: Apache-2.0
// Where a rule problem is and what it is: every error points at the YAML the admin wrote.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace YAML {
class Mark;
class Node;
}  // namespace YAML

namespace frontdesk::rules {

struct Location {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown

  static Location of(const std::string& file, const YAML::Node& node);
  static Location of(const std::string& file, const YAML::Mark& mark);
  // "file:line:col", or less when parts are unknown.
  [[nodiscard]] std::string text() const;
};

struct RuleError {
  Location where;
  std::string message;
  // "file:line:col: message"
  [[nodiscard]] std::string text() const { return where.text() + ": " + message; }
};

// Thrown while compiling one node; the loader collects these so one run reports every
// problem in every file.
class CompileError : public std::runtime_error {
 public:
  CompileError(Location where, std::string message);
  [[nodiscard]] const RuleError& error() const noexcept { return error_; }

 private:
  RuleError error_;
};

// A rule set that did not load: all its errors, one per line in what().
class RuleSetError : public std::runtime_error {
 public:
  explicit RuleSetError(std::vector<RuleError> errors);
  [[nodiscard]] const std::vector<RuleError>& errors() const noexcept { return errors_; }

 private:
  std::vector<RuleError> errors_;
};

}  // namespace frontdesk::rules
