// SPDX-License-Identifier: Apache-2.0
// Reading typed values out of YAML nodes, and pointing at them as "file:line".
//
// Shared by the configuration loader and the channel settings check; the SLA and rules
// code use location() to report problems in the nodes the configuration keeps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace frontdesk::config {

// "file:line" with the 1-based line of `mark`; just "file" for a mark that is unknown.
[[nodiscard]] std::string location(std::string_view file, const YAML::Mark& mark);

// "file:line" of `node`, or `fallback_line` (1-based; 0 = none) when it has no mark.
[[nodiscard]] std::string location(std::string_view file, const YAML::Node& node,
                                   int fallback_line = 0);

// What a node holds, for "expected ..., got ..." messages: "a mapping", "a list",
// "'text'" for a scalar, "an empty value" for null.
[[nodiscard]] std::string describe(const YAML::Node& node);

// A scalar that YAML 1.2's core schema reads as a boolean: true/True/TRUE/false/...
[[nodiscard]] std::optional<bool> scalar_as_bool(const YAML::Node& node);

// A scalar that is a decimal integer: an optional '-' and digits, fitting int64.
[[nodiscard]] std::optional<std::int64_t> scalar_as_int(const YAML::Node& node);

// True for a plain (unquoted) scalar, which YAML may read as a number, boolean or null.
[[nodiscard]] bool is_plain_scalar(const YAML::Node& node);

}  // namespace frontdesk::config
