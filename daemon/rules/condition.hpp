// SPDX-License-Identifier: Apache-2.0
// Compiled conditions: a predicate tree whose leaves hold a resolved field slot, an
// operator and an operand already parsed to the field's type (regexes precompiled,
// durations and times parsed, enum values checked).
#pragma once

#include "rules/fields.hpp"
#include "rules/rule_error.hpp"

#include <boost/regex.hpp>

#include <memory>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace frontdesk::rules {

enum class Op : std::uint8_t { eq, ne, in, not_in, contains, matches, gt, gte, lt, lte, exists };

// "eq, ne, in, ..." for error messages.
[[nodiscard]] std::string operator_names();

struct Condition {
  enum class Kind : std::uint8_t { all, any, not_, leaf };

  Kind kind = Kind::leaf;
  Op op = Op::eq;
  Field field = Field::ticket_id;
  Value operand;                  // eq, ne, contains, gt.. (and exists: boolean)
  std::vector<Value> set;         // in, not_in
  std::shared_ptr<const boost::regex> regex;  // matches
  std::vector<Condition> children;            // all, any, not_ (one child)
  std::string text;               // as the admin would read it: "ticket.idle gt 72h"
  Location where;

  [[nodiscard]] bool evaluate(const Facts& facts) const;
  // nullptr when the condition holds; otherwise the innermost condition that decided the
  // failure (a leaf of an `all`, or the `any`/`not` node itself).
  [[nodiscard]] const Condition* first_failure(const Facts& facts) const;
  // Number of leaves, for the benchmark's evaluations-per-second count.
  [[nodiscard]] std::size_t leaf_count() const;
};

// Compiles `node` (an all/any/not mapping or a {field, <op>} leaf). Throws CompileError.
[[nodiscard]] Condition compile_condition(const std::string& file, const YAML::Node& node);

}  // namespace frontdesk::rules
