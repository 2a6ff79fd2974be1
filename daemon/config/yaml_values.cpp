// SPDX-License-Identifier: Apache-2.0
#include "config/yaml_values.hpp"

#include <charconv>
#include <system_error>

namespace frontdesk::config {

std::string location(std::string_view file, const YAML::Mark& mark) {
  std::string out(file);
  if (!mark.is_null()) {
    out += ':';
    out += std::to_string(mark.line + 1);
  }
  return out;
}

std::string location(std::string_view file, const YAML::Node& node, int fallback_line) {
  if (node.IsDefined() && !node.Mark().is_null()) {
    return location(file, node.Mark());
  }
  std::string out(file);
  if (fallback_line > 0) {
    out += ':';
    out += std::to_string(fallback_line);
  }
  return out;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "an empty value";
  }
  return "an empty value";
}

std::optional<bool> scalar_as_bool(const YAML::Node& node) {
  if (!node.IsScalar()) {
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (text == "true" || text == "True" || text == "TRUE") {
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    return false;
  }
  return std::nullopt;
}

std::optional<std::int64_t> scalar_as_int(const YAML::Node& node) {
  if (!node.IsScalar()) {
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  const std::size_t digits_start = (!text.empty() && text.front() == '-') ? 1 : 0;
  if (text.size() == digits_start) {
    return std::nullopt;
  }
  for (std::size_t i = digits_start; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
  }
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

}  // namespace frontdesk::config
