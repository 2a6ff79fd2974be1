// SPDX-License-Identifier: Apache-2.0
#include "tickets/audit.hpp"

#include "storage/connection.hpp"

#include <boost/json/serialize.hpp>

namespace frontdesk::tickets {

namespace {

constexpr std::string_view kInsert =
    "INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, rule, old_value, new_value, data, "
    "created_at) ";

std::optional<std::string> json_or_null(const boost::json::value& v) {
  if (v.is_null()) return std::nullopt;
  return boost::json::serialize(v);
}

}  // namespace

void record(storage::Connection& db, const Actor& actor, std::string_view at, AuditEvent event) {
  static const std::string sql =
      std::string(kInsert) +
      "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, coalesce($9::timestamptz, now()))";
  event.data["depth"] = actor.depth;
  db.exec(sql, event.ticket_id, event.event, actor.kind_name(), actor.id,
          actor.rule.empty() ? std::nullopt : std::optional<std::string>(actor.rule), json_or_null(event.old_value),
          json_or_null(event.new_value), boost::json::serialize(event.data),
          at.empty() ? std::nullopt : std::optional<std::string>(at));
}

std::string record_from(std::string_view select_sql) { return std::string(kInsert) + std::string(select_sql); }

}  // namespace frontdesk::tickets
