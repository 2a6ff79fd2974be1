// SPDX-License-Identifier: Apache-2.0
// The fields a condition may name, resolved to a slot number when rules compile so
// evaluation is an array index, never a string lookup.
#pragma once

#include "rules/value.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::rules {

enum class Field : std::uint8_t {
  ticket_id, ticket_number, ticket_subject, ticket_description, ticket_category,
  ticket_priority, ticket_status, ticket_channel, ticket_language, ticket_tags,
  ticket_escalation_level, ticket_assigned_to, ticket_team, ticket_created_at,
  ticket_updated_at, ticket_last_activity_at, ticket_age, ticket_idle, ticket_resolution_type,
  message_text, message_subject, message_author, message_channel, message_is_internal,
  customer_id, customer_name, customer_language, customer_tier,
  agent_id, agent_name, agent_email, agent_availability, agent_open_tickets,
  event_name, event_actor, event_rule, event_old, event_new, event_depth, event_rating,
  incident_id, incident_title, incident_url,
  channel,
  count_  // number of fields, not a field
};

inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::count_);

struct FieldInfo {
  std::string_view name;
  ValueKind kind;  // what the field holds when set; conditions are checked against it
};

inline constexpr std::array<FieldInfo, kFieldCount> kFields{{
    {"ticket.id", ValueKind::number},
    {"ticket.number", ValueKind::text},
    {"ticket.subject", ValueKind::text},
    {"ticket.description", ValueKind::text},
    {"ticket.category", ValueKind::text},
    {"ticket.priority", ValueKind::text},
    {"ticket.status", ValueKind::text},
    {"ticket.channel", ValueKind::text},
    {"ticket.language", ValueKind::text},
    {"ticket.tags", ValueKind::list},
    {"ticket.escalation_level", ValueKind::number},
    {"ticket.assigned_to", ValueKind::number},
    {"ticket.team", ValueKind::text},
    {"ticket.created_at", ValueKind::time},
    {"ticket.updated_at", ValueKind::time},
    {"ticket.last_activity_at", ValueKind::time},
    {"ticket.age", ValueKind::duration},
    {"ticket.idle", ValueKind::duration},
    {"ticket.resolution_type", ValueKind::text},
    {"message.text", ValueKind::text},
    {"message.subject", ValueKind::text},
    {"message.author", ValueKind::text},
    {"message.channel", ValueKind::text},
    {"message.is_internal", ValueKind::boolean},
    {"customer.id", ValueKind::number},
    {"customer.name", ValueKind::text},
    {"customer.language", ValueKind::text},
    {"customer.tier", ValueKind::text},
    {"agent.id", ValueKind::number},
    {"agent.name", ValueKind::text},
    {"agent.email", ValueKind::text},
    {"agent.availability", ValueKind::text},
    {"agent.open_tickets", ValueKind::number},
    {"event.name", ValueKind::text},
    {"event.actor", ValueKind::text},
    {"event.rule", ValueKind::text},
    {"event.old", ValueKind::text},
    {"event.new", ValueKind::text},
    {"event.depth", ValueKind::number},
    {"event.rating", ValueKind::number},
    // The status page's incident the event names, or for a ticket event without one, the
    // open incident whose components the ticket's words or category point at.
    {"incident.id", ValueKind::number},
    {"incident.title", ValueKind::text},
    {"incident.url", ValueKind::text},
    {"channel", ValueKind::text},
}};

[[nodiscard]] std::optional<Field> parse_field(std::string_view name) noexcept;
[[nodiscard]] constexpr std::string_view field_name(Field f) noexcept {
  return kFields[static_cast<std::size_t>(f)].name;
}
[[nodiscard]] constexpr ValueKind field_kind(Field f) noexcept {
  return kFields[static_cast<std::size_t>(f)].kind;
}
// "ticket.id, ticket.number, ..." for error messages.
[[nodiscard]] std::string field_names();

// Everything known about one event: a value per field (null when not known).
struct Facts {
  std::array<Value, kFieldCount> values;

  Value& operator[](Field f) noexcept { return values[static_cast<std::size_t>(f)]; }
  const Value& operator[](Field f) const noexcept { return values[static_cast<std::size_t>(f)]; }

  // Recomputes ticket.age and ticket.idle from the ticket's times and `now_ms`.
  void derive_times(std::int64_t now_ms);
};

}  // namespace frontdesk::rules
