// SPDX-License-Identifier: Apache-2.0
// Scheduled maintenance: GET|POST /maintenances, PUT /maintenances/:id. While one is in
// progress its components are under_maintenance; when it completes they are operational.
#include "api/json_body.hpp"
#include "api/ticket_access.hpp"
#include "status/endpoints.hpp"
#include "status/states.hpp"
#include "status/iso_time.hpp"
#include "status/status_json.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::status::endpoints {

namespace json = boost::json;
using api::Answer;
using api::Call;
using api::Reply;

namespace {

json::value maintenance(Call& call, std::int64_t id) {
  return row_json(call.db, kMaintenanceJson, "status_maintenances m", id);
}

// An ISO 8601 time with its offset, or 422 naming the field.
api::Result<std::optional<std::string>> time_field(const api::JsonBody& body, std::string_view key) {
  FD_TRY(const auto text, body.string(key, 64));
  if (!text) return text;
  if (!is_iso_time(*text)) return api::invalid(std::string(key) + ": not a time, e.g. 2026-12-24T22:00:00Z");
  return text;
}

void set_component_status(Call& call, std::int64_t id, std::string_view status) {
  auto changed = call.db.exec(
      "WITH old AS (SELECT c.id, c.status FROM status_components c JOIN status_maintenance_components mc "
      "  ON c.id = mc.component_id WHERE mc.maintenance_id = $1 AND c.status <> $2 FOR UPDATE OF c) "
      "UPDATE status_components c SET status = $2, updated_at = now() FROM old WHERE c.id = old.id "
      "RETURNING c.id, old.status",
      id, std::string(status));
  for (int i = 0; i < changed.rows(); ++i) {
    api::audit(call, std::nullopt, "component.status_changed", json::string(changed.text(i, 1)),
               json::string(status), {{"componentId", changed.get<std::int64_t>(i, 0)}, {"maintenanceId", id}});
  }
}

}  // namespace

Answer list_maintenances(Call& call) {
  auto rows = call.db.exec("SELECT " + std::string(kMaintenanceJson) +
                           " FROM status_maintenances m ORDER BY m.starts_at DESC, m.id DESC LIMIT 200");
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  Reply r;
  r.body["count"] = list.size();
  r.body["maintenances"] = std::move(list);
  return r;
}

Answer create_maintenance(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"title", "message", "startsAt", "endsAt",
                                                                   "components"}));
  FD_TRY(const auto title, body.required_string("title", 300));
  if (title.empty()) return api::invalid("title must not be empty");
  FD_TRY(const auto message, body.string("message", 20000));
  FD_TRY(const auto starts, time_field(body, "startsAt"));
  FD_TRY(const auto ends, time_field(body, "endsAt"));
  if (!starts || !ends) return api::invalid("startsAt and endsAt are required");
  if (call.db.exec("SELECT $1::timestamptz < $2::timestamptz", *starts, *ends).text(0, 0) != "t") {
    return api::invalid("endsAt must be after startsAt");
  }
  FD_TRY(const auto components, component_ids(call.db, body.raw("components")));
  auto rows = call.db.exec(
      "INSERT INTO status_maintenances (title, message, starts_at, ends_at) VALUES ($1, coalesce($2, ''), $3, $4) "
      "RETURNING id",
      title, message, *starts, *ends);
  const auto id = rows.get<std::int64_t>(0, 0);
  call.db.exec(
      "INSERT INTO status_maintenance_components (maintenance_id, component_id) "
      "SELECT $1, c::bigint FROM jsonb_array_elements_text($2::jsonb) c",
      id, ids_json(components));
  api::audit(call, std::nullopt, "maintenance.scheduled", nullptr, json::string("scheduled"),
             {{"maintenanceId", id}});
  return api::created("maintenance", maintenance(call, id));
}

Answer update_maintenance(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id) return api::not_found("maintenance");
  auto current = call.db.exec("SELECT status FROM status_maintenances WHERE id = $1 FOR UPDATE", *id);
  if (current.empty()) return api::not_found("maintenance");
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"title", "message", "status", "startsAt",
                                                                   "endsAt"}));
  FD_TRY(const auto title, body.string("title", 300));
  if (title && title->empty()) return api::invalid("title must not be empty");
  FD_TRY(const auto message, body.string("message", 20000));
  FD_TRY(const auto status, body.enumeration<MaintenanceStatus>("status"));
  FD_TRY(const auto starts, time_field(body, "startsAt"));
  FD_TRY(const auto ends, time_field(body, "endsAt"));
  const auto from = *core::parse_enum<MaintenanceStatus>(current.text(0, 0));
  if (status && *status != from && !maintenance_may_move(from, *status)) {
    return api::problem(409, "illegal_transition",
                        "maintenance " + std::to_string(*id) + " is " + std::string(core::to_string(from)) +
                            " and cannot move to " + std::string(core::to_string(*status)));
  }
  auto ordered = call.db.exec(
      "SELECT coalesce($2::timestamptz, starts_at) < coalesce($3::timestamptz, ends_at) "
      "FROM status_maintenances WHERE id = $1",
      *id, starts, ends);
  if (ordered.text(0, 0) != "t") return api::invalid("endsAt must be after startsAt");
  const auto to_text = status ? std::optional<std::string>(core::to_string(*status)) : std::nullopt;
  call.db.exec(
      "UPDATE status_maintenances SET title = coalesce($2, title), message = coalesce($3, message), "
      "status = coalesce($4, status), starts_at = coalesce($5::timestamptz, starts_at), "
      "ends_at = coalesce($6::timestamptz, ends_at), updated_at = now() WHERE id = $1",
      *id, title, message, to_text, starts, ends);
  if (status && *status != from) {
    if (*status == MaintenanceStatus::in_progress) set_component_status(call, *id, "under_maintenance");
    if (*status == MaintenanceStatus::completed) set_component_status(call, *id, "operational");
  }
  api::audit(call, std::nullopt, "maintenance.updated", json::string(core::to_string(from)),
             json::string(to_text.value_or(std::string(core::to_string(from)))), {{"maintenanceId", *id}});
  Reply r;
  r.body["maintenance"] = maintenance(call, *id);
  return r;
}

}  // namespace frontdesk::status::endpoints
