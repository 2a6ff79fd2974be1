// SPDX-License-Identifier: Apache-2.0
// Incidents, their updates and the templates they start from. An incident is opened (and
// its subscribers told, status/notifier.cpp) when it is created, or when its draft is
// published; each update may move its status (a resolved incident takes none: 409).
#include "api/json_body.hpp"
#include "api/ticket_access.hpp"
#include "status/endpoints.hpp"
#include "status/notifier.hpp"
#include "status/states.hpp"
#include "status/status_json.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::status::endpoints {

namespace json = boost::json;
using api::Answer;
using api::Call;
using api::Reply;

namespace {

json::value incident(Call& call, std::int64_t id) {
  return row_json(call.db, kIncidentJson, "status_incidents i", id);
}

void set_components(Call& call, std::int64_t id, const std::vector<std::int64_t>& components) {
  call.db.exec("DELETE FROM status_incident_components WHERE incident_id = $1", id);
  call.db.exec(
      "INSERT INTO status_incident_components (incident_id, component_id) "
      "SELECT $1, c::bigint FROM jsonb_array_elements_text($2::jsonb) c",
      id, ids_json(components));
}

// The incident's lifecycle event: opened when published, resolved at the end, else updated.
// Its resolution is also an event on each ticket tied to it, for the rules to answer them.
void record(Call& call, std::int64_t id, std::string_view event, const json::value& from,
            const json::value& to, std::string_view message) {
  api::audit(call, std::nullopt, event, from, to, {{"incidentId", id}, {"message", message}});
  queue_notification(call.db, id, event, message);
  if (event == "incident.resolved") api::writer_for(call).incident_event_on_tickets(id, event, from, to);
}

struct Template {
  std::string title, message, status, impact;
};

api::Result<std::optional<Template>> template_of(Call& call, const api::JsonBody& body) {
  FD_TRY(const auto name, body.string("template", 200));
  if (!name) return std::optional<Template>();
  auto rows = call.db.exec("SELECT title, message, status, impact FROM status_incident_templates WHERE name = $1",
                           *name);
  if (rows.empty()) return api::invalid("template: no incident template '" + *name + "'");
  return std::optional(Template{std::string(rows.text(0, 0)), std::string(rows.text(0, 1)),
                                std::string(rows.text(0, 2)), std::string(rows.text(0, 3))});
}

}  // namespace

Answer list_incidents(Call& call) {
  // ?state=open (default: all), resolved; drafts are listed with the rest (draft: true).
  const auto state = call.request.query_param("state").value_or("all");
  if (state != "all" && state != "open" && state != "resolved") {
    return api::invalid("state must be open, resolved or all");
  }
  auto rows = call.db.exec("SELECT " + std::string(kIncidentJson) +
                               " FROM status_incidents i WHERE $1 = 'all' OR ($1 = 'open') = (i.status <> 'resolved')"
                               " ORDER BY i.id DESC LIMIT 200",
                           state);
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  Reply r;
  r.body["count"] = list.size();
  r.body["incidents"] = std::move(list);
  return r;
}

Answer get_incident(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id || call.db.exec("SELECT 1 FROM status_incidents WHERE id = $1", *id).empty()) {
    return api::not_found("incident");
  }
  Reply r;
  r.body["incident"] = incident(call, *id);
  return r;
}

Answer create_incident(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"title", "status", "impact", "components",
                                                                   "message", "template", "draft"}));
  FD_TRY(const auto from_template, template_of(call, body));
  const Template fallback = from_template.value_or(Template{"", "", "investigating", "minor"});
  FD_TRY(const auto title, body.string("title", 300));
  FD_TRY(const auto message, body.string("message", 20000));
  FD_TRY(const auto given_status, body.enumeration<IncidentStatus>("status"));
  FD_TRY(const auto given_impact, body.enumeration<Impact>("impact"));
  FD_TRY(const auto draft, body.boolean("draft"));
  FD_TRY(const auto components, component_ids(call.db, body.raw("components")));
  const std::string the_title = title.value_or(fallback.title);
  const std::string the_message = message.value_or(fallback.message);
  if (the_title.empty()) return api::invalid("title is required (or a template that has one)");
  if (the_message.empty()) return api::invalid("message is required (or a template that has one)");
  const std::string status = given_status ? std::string(core::to_string(*given_status)) : fallback.status;
  if (status == "resolved") return api::invalid("status: a new incident cannot be resolved already");
  const std::string impact = given_impact ? std::string(core::to_string(*given_impact)) : fallback.impact;
  auto rows = call.db.exec(
      "INSERT INTO status_incidents (title, status, impact, draft) VALUES ($1, $2, $3, $4) RETURNING id",
      the_title, status, impact, draft.value_or(false));
  const auto id = rows.get<std::int64_t>(0, 0);
  set_components(call, id, components);
  call.db.exec("INSERT INTO status_incident_updates (incident_id, status, message) VALUES ($1, $2, $3)", id,
               status, the_message);
  record(call, id, draft.value_or(false) ? "incident.drafted" : "incident.opened", nullptr, json::string(status),
         the_message);
  return api::created("incident", incident(call, id));
}

Answer update_incident(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id) return api::not_found("incident");
  auto current = call.db.exec("SELECT draft, status FROM status_incidents WHERE id = $1 FOR UPDATE", *id);
  if (current.empty()) return api::not_found("incident");
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"title", "impact", "components", "draft"}));
  FD_TRY(const auto title, body.string("title", 300));
  if (title && title->empty()) return api::invalid("title must not be empty");
  FD_TRY(const auto impact, body.enumeration<Impact>("impact"));
  FD_TRY(const auto draft, body.boolean("draft"));
  const bool was_draft = current.text(0, 0) == "t";
  if (draft && *draft && !was_draft) return api::conflict("a published incident cannot go back to draft");
  if (current.text(0, 1) == "resolved" && draft && !*draft && was_draft) {
    return api::conflict("a resolved draft cannot be published");
  }
  if (body.has("components")) {
    FD_TRY(const auto components, component_ids(call.db, body.raw("components")));
    set_components(call, *id, components);
  }
  call.db.exec(
      "UPDATE status_incidents SET title = coalesce($2, title), impact = coalesce($3, impact), "
      "draft = coalesce($4, draft), updated_at = now() WHERE id = $1",
      *id, title, impact ? std::optional<std::string>(core::to_string(*impact)) : std::nullopt, draft);
  if (was_draft && draft && !*draft) {
    auto first = call.db.exec(
        "SELECT message FROM status_incident_updates WHERE incident_id = $1 ORDER BY id DESC LIMIT 1", *id);
    record(call, *id, "incident.opened", nullptr, json::string(current.text(0, 1)),
           first.empty() ? std::string_view() : first.text(0, 0));
  } else {
    api::audit(call, std::nullopt, "incident.edited", nullptr, json::parse(call.request.body),
               {{"incidentId", *id}});
  }
  Reply r;
  r.body["incident"] = incident(call, *id);
  return r;
}

Answer add_incident_update(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id) return api::not_found("incident");
  auto current = call.db.exec("SELECT status, draft FROM status_incidents WHERE id = $1 FOR UPDATE", *id);
  if (current.empty()) return api::not_found("incident");
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"status", "message"}));
  FD_TRY(const auto given, body.enumeration<IncidentStatus>("status"));
  FD_TRY(const auto message, body.required_string("message", 20000));
  if (message.empty()) return api::invalid("message must not be empty");
  const auto from = *core::parse_enum<IncidentStatus>(current.text(0, 0));
  const auto to = given.value_or(from);
  if (!incident_may_move(from, to)) {
    return api::problem(409, "illegal_transition",
                        "incident " + std::to_string(*id) + " is " + std::string(core::to_string(from)) +
                            " and cannot move to " + std::string(core::to_string(to)));
  }
  const std::string to_text(core::to_string(to));
  call.db.exec(
      "UPDATE status_incidents SET status = $2, updated_at = now(), "
      "resolved_at = CASE WHEN $2 = 'resolved' THEN now() END WHERE id = $1",
      *id, to_text);
  call.db.exec("INSERT INTO status_incident_updates (incident_id, status, message) VALUES ($1, $2, $3)", *id,
               to_text, message);
  // A draft's updates are the team's notes until it is published: nobody is told.
  const bool draft = current.text(0, 1) == "t";
  const auto event = draft ? "incident.draft_updated" : to == IncidentStatus::resolved ? "incident.resolved"
                                                                                      : "incident.updated";
  record(call, *id, event, json::string(core::to_string(from)), json::string(to_text), message);
  return api::created("incident", incident(call, *id));
}

Answer list_templates(Call& call) {
  auto rows = call.db.exec(
      "SELECT jsonb_build_object('id', id, 'name', name, 'title', title, 'message', message, "
      "'status', status, 'impact', impact)::text FROM status_incident_templates ORDER BY name");
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  Reply r;
  r.body["count"] = list.size();
  r.body["templates"] = std::move(list);
  return r;
}

Answer create_template(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"name", "title", "message", "status", "impact"}));
  FD_TRY(const auto name, body.required_string("name", 200));
  FD_TRY(const auto title, body.required_string("title", 300));
  FD_TRY(const auto message, body.required_string("message", 20000));
  if (name.empty() || title.empty() || message.empty()) return api::invalid("name, title and message must not be empty");
  FD_TRY(const auto status, body.enumeration<IncidentStatus>("status"));
  if (status == IncidentStatus::resolved) return api::invalid("status: a template cannot open a resolved incident");
  FD_TRY(const auto impact, body.enumeration<Impact>("impact"));
  auto rows = call.db.exec(
      "INSERT INTO status_incident_templates (name, title, message, status, impact) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING id",
      name, title, message, std::string(core::to_string(status.value_or(IncidentStatus::investigating))),
      std::string(core::to_string(impact.value_or(Impact::minor))));
  if (rows.empty()) return api::conflict("a template named '" + name + "' exists");
  const auto id = rows.get<std::int64_t>(0, 0);
  api::audit(call, std::nullopt, "incident_template.created", nullptr, json::string(name), {{"templateId", id}});
  return api::created("template", json::object{{"id", id}, {"name", name}, {"title", title}, {"message", message},
                                    {"status", core::to_string(status.value_or(IncidentStatus::investigating))},
                                    {"impact", core::to_string(impact.value_or(Impact::minor))}});
}

}  // namespace frontdesk::status::endpoints
