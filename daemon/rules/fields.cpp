// SPDX-License-Identifier: Apache-2.0
#include "rules/fields.hpp"

namespace frontdesk::rules {

std::optional<Field> parse_field(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (kFields[i].name == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

std::string field_names() {
  std::string out;
  for (const auto& f : kFields) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

void Facts::derive_times(std::int64_t now_ms) {
  const auto& created = (*this)[Field::ticket_created_at];
  if (created.kind == ValueKind::time) {
    (*this)[Field::ticket_age] = Value::of_duration(now_ms - created.millis);
  }
  const auto& activity = (*this)[Field::ticket_last_activity_at];
  if (activity.kind == ValueKind::time) {
    (*this)[Field::ticket_idle] = Value::of_duration(now_ms - activity.millis);
  }
}

}  // namespace frontdesk::rules
