// SPDX-License-Identifier: Apache-2.0
#pragma once
// The published event types (DESIGN.md "Event names"), the `?types=` filter, and who may see
// an event (the caller's audience). Pure: no I/O.
#include "events/event.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::events {

// Every type the stream and the webhooks publish (what fd_event_type.sql yields).
std::span<const std::string_view> event_types();
bool is_event_type(std::string_view type);

// A set of types to deliver; empty = every type. `message.created` means any message, so it
// also matches message.received.
struct TypeFilter {
  std::vector<std::string> types;
  [[nodiscard]] bool matches(std::string_view type) const;
};

// Parses "a,b,c" (spaces around names ignored, empty items skipped). nullopt with `error` set
// when a name is not an event type.
std::optional<TypeFilter> parse_type_filter(std::string_view list, std::string& error);

// Who is listening, as the bearer token says.
struct Audience {
  bool staff = false;              // agents and admins see every ticket and internal notes
  std::int64_t customer_id = 0;    // a customer sees only the tickets of this customer
  std::int64_t agent_id = 0;       // staff: the agent (0 for the bootstrap admin)
  std::int64_t token_id = 0;
  std::int64_t session_id = 0;
  bool ticket_scoped = false;      // a web-form token: only the tickets granted to it
  TypeFilter filter;

  [[nodiscard]] bool sees(const Event& e) const;
};

}  // namespace frontdesk::events
