// SPDX-License-Identifier: Apache-2.0
// The audit trail's one writer. Every ticket change records who made it (the actor), what
// changed (old → new) and why (data), in the transaction that made the change; the rules
// engine, the event stream and /stats read these rows.
#pragma once

#include "tickets/actor.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::tickets {

struct AuditEvent {
  std::optional<std::int64_t> ticket_id;
  std::string_view event;
  boost::json::value old_value;  // null: none
  boost::json::value new_value;
  boost::json::object data;      // gains {"depth": actor.depth}
};

// Writes one event by `actor` at `at` (ISO 8601; empty: the transaction's time).
void record(storage::Connection& db, const Actor& actor, std::string_view at, AuditEvent event);

// For writers that derive their events from rows in the same statement (the SLA pass, the
// outbox's failures, delivery reports): `select_sql` yields the columns ticket_id, event,
// actor_kind, actor_id, rule, old_value, new_value, data, created_at, and this wraps it into
// the INSERT.
[[nodiscard]] std::string record_from(std::string_view select_sql);

}  // namespace frontdesk::tickets
