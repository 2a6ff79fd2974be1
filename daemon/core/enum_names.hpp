// SPDX-License-Identifier: Apache-2.0
// One generic mapping between domain enums and their names on the wire.
//
// An enum opts in by specialising EnumNames<E> with the name of the type (for messages)
// and the names of its enumerators, in declaration order; enumerators must be numbered
// 0..N-1. Then to_string(E), parse_enum<E>(text) and valid_values<E>() work for it; each
// enum's header adds named one-liners (parse_priority, priority_values, ...) on top. The
// names are the public contract (JSON, YAML, SQL), so they are spelled exactly once.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace frontdesk::core {

// Specialised next to each enum:
//   template <> struct EnumNames<Priority> {
//     static constexpr std::string_view type_name = "priority";
//     static constexpr std::array<std::string_view, 4> names{"urgent", "high", ...};
//   };
template <typename E>
struct EnumNames;

template <typename E>
concept NamedEnum = std::is_enum_v<E> && requires {
  { EnumNames<E>::type_name } -> std::convertible_to<std::string_view>;
  { EnumNames<E>::names.size() } -> std::convertible_to<std::size_t>;
};

// All enumerators of E, in declaration order.
template <NamedEnum E>
[[nodiscard]] constexpr auto enum_values() {
  std::array<E, EnumNames<E>::names.size()> values{};
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<E>(i);
  }
  return values;
}

// The name of an enumerator; "unknown" for a value outside the enum's range.
template <NamedEnum E>
[[nodiscard]] constexpr std::string_view to_string(E value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  constexpr auto& names = EnumNames<E>::names;
  return index < names.size() ? names[index] : std::string_view("unknown");
}

// The enumerator with exactly this name (case-sensitive), if any.
template <NamedEnum E>
[[nodiscard]] constexpr std::optional<E> parse_enum(std::string_view text) noexcept {
  constexpr auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

// "a, b, c": the accepted names, for error messages. Built once per enum.
template <NamedEnum E>
[[nodiscard]] std::string_view valid_values() {
  static const std::string joined = [] {
    std::string out;
    for (const std::string_view name : EnumNames<E>::names) {
      if (!out.empty()) {
        out += ", ";
      }
      out += name;
    }
    return out;
  }();
  return joined;
}

// "invalid priority 'x' (valid: urgent, high, medium, low)".
template <NamedEnum E>
[[nodiscard]] std::string invalid_value_message(std::string_view given) {
  std::string out = "invalid ";
  out += EnumNames<E>::type_name;
  out += " '";
  out += given;
  out += "' (valid: ";
  out += valid_values<E>();
  out += ')';
  return out;
}

}  // namespace frontdesk::core
