// SPDX-License-Identifier: Apache-2.0
// The small vocabularies of the ticket model (seed 003): priorities, categories,
// resolution types, agent availability, message authors and API roles.
//
// Each enum has to_string(value), parse_<enum>(text) → std::optional, and <enum>_values()
// → "a, b, c" for error messages, all backed by the one table in core/enum_names.hpp.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "core/enum_names.hpp"

namespace frontdesk::core {

// Declared from most to least urgent.
enum class Priority { urgent, high, medium, low };

inline constexpr Priority default_priority = Priority::medium;

// 0 for the most urgent priority; sorting by ascending rank puts urgent tickets first.
[[nodiscard]] int priority_rank(Priority priority) noexcept;

// True when `a` must be handled before `b`.
[[nodiscard]] bool more_urgent(Priority a, Priority b) noexcept;

enum class Category {
  account,
  booking,
  payment,
  technical,
  billing,
  complaint,
  feature_request,
  bug_report,
  general,
  other
};

inline constexpr Category default_category = Category::general;

// How a ticket was closed (PUT /tickets/:id/close "resolutionType").
enum class ResolutionType { solved, workaround, duplicate, cannot_reproduce, wont_fix, other };

// An agent's availability; only `available` agents receive automatic assignments.
enum class Availability { available, busy, away, offline };

// Who wrote a ticket message.
enum class MessageAuthor { customer, agent, admin, system };

// The role carried by an API token.
enum class Role { customer, agent, admin };

template <>
struct EnumNames<Priority> {
  static constexpr std::string_view type_name = "priority";
  static constexpr std::array<std::string_view, 4> names{"urgent", "high", "medium", "low"};
};

template <>
struct EnumNames<Category> {
  static constexpr std::string_view type_name = "category";
  static constexpr std::array<std::string_view, 10> names{
      "account",   "booking",         "payment",    "technical", "billing",
      "complaint", "feature_request", "bug_report", "general",   "other"};
};

template <>
struct EnumNames<ResolutionType> {
  static constexpr std::string_view type_name = "resolution type";
  static constexpr std::array<std::string_view, 6> names{
      "solved", "workaround", "duplicate", "cannot_reproduce", "wont_fix", "other"};
};

template <>
struct EnumNames<Availability> {
  static constexpr std::string_view type_name = "availability";
  static constexpr std::array<std::string_view, 4> names{"available", "busy", "away", "offline"};
};

template <>
struct EnumNames<MessageAuthor> {
  static constexpr std::string_view type_name = "message author";
  static constexpr std::array<std::string_view, 4> names{"customer", "agent", "admin", "system"};
};

template <>
struct EnumNames<Role> {
  static constexpr std::string_view type_name = "role";
  static constexpr std::array<std::string_view, 3> names{"customer", "agent", "admin"};
};

// The name tables are indexed by enumerator value: check they line up with the enums.
static_assert(to_string(Priority::low) == "low");
static_assert(to_string(Category::other) == "other");
static_assert(to_string(ResolutionType::other) == "other");
static_assert(to_string(Availability::offline) == "offline");
static_assert(to_string(MessageAuthor::system) == "system");
static_assert(to_string(Role::admin) == "admin");

[[nodiscard]] constexpr std::optional<Priority> parse_priority(std::string_view text) noexcept {
  return parse_enum<Priority>(text);
}
[[nodiscard]] constexpr std::optional<Category> parse_category(std::string_view text) noexcept {
  return parse_enum<Category>(text);
}
[[nodiscard]] constexpr std::optional<ResolutionType> parse_resolution_type(
    std::string_view text) noexcept {
  return parse_enum<ResolutionType>(text);
}
[[nodiscard]] constexpr std::optional<Availability> parse_availability(
    std::string_view text) noexcept {
  return parse_enum<Availability>(text);
}
[[nodiscard]] constexpr std::optional<MessageAuthor> parse_message_author(
    std::string_view text) noexcept {
  return parse_enum<MessageAuthor>(text);
}
[[nodiscard]] constexpr std::optional<Role> parse_role(std::string_view text) noexcept {
  return parse_enum<Role>(text);
}

[[nodiscard]] inline std::string_view priority_values() { return valid_values<Priority>(); }
[[nodiscard]] inline std::string_view category_values() { return valid_values<Category>(); }
[[nodiscard]] inline std::string_view resolution_type_values() {
  return valid_values<ResolutionType>();
}
[[nodiscard]] inline std::string_view availability_values() { return valid_values<Availability>(); }
[[nodiscard]] inline std::string_view message_author_values() {
  return valid_values<MessageAuthor>();
}
[[nodiscard]] inline std::string_view role_values() { return valid_values<Role>(); }

}  // namespace frontdesk::core
