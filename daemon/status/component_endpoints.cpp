// SPDX-License-Identifier: Apache-2.0
// Components and their groups: GET|POST /components, PUT /components/:id, GET|POST /groups.
#include "api/json_body.hpp"
#include "api/ticket_access.hpp"
#include "status/endpoints.hpp"
#include "status/states.hpp"
#include "status/status_json.hpp"
#include "core/ticket_enums.hpp"
#include "storage/array_literal.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::status::endpoints {

namespace json = boost::json;
using api::Answer;
using api::Call;
using api::Reply;

namespace {

const std::initializer_list<std::string_view> kComponentFields{"name", "description", "group", "groupId",
                                                               "position", "status", "keywords", "category"};

json::value component(Call& call, std::int64_t id) {
  return row_json(call.db, kComponentJson, "status_components c", id);
}

// The group named by "groupId" (an id) or "group" (a name, made when missing); nullopt for
// none; `given` says whether the body spoke of the group at all.
api::Result<std::optional<std::int64_t>> group_of(Call& call, const api::JsonBody& body, bool& given) {
  given = body.has("groupId") || body.has("group");
  FD_TRY(const auto id, body.id("groupId"));
  FD_TRY(const auto name, body.string("group", 200));
  if (id && name) return api::invalid("give either group (a name) or groupId, not both");
  if (id) {
    if (call.db.exec("SELECT 1 FROM status_component_groups WHERE id = $1", *id).empty()) {
      return api::invalid("groupId: no group " + std::to_string(*id));
    }
    return id;
  }
  if (!name || name->empty()) return std::optional<std::int64_t>();
  auto rows = call.db.exec(
      "WITH made AS (INSERT INTO status_component_groups (name) VALUES ($1) ON CONFLICT (name) DO NOTHING "
      "RETURNING id) SELECT id FROM made UNION ALL SELECT id FROM status_component_groups WHERE name = $1",
      *name);
  return std::optional(rows.get<std::int64_t>(0, 0));
}

api::Result<> require_free_name(Call& call, const std::string& name, std::int64_t except) {
  if (name.empty()) return api::invalid("name must not be empty");
  if (!call.db.exec("SELECT 1 FROM status_components WHERE name = $1 AND id <> $2", name, except).empty()) {
    return api::conflict("a component named '" + name + "' exists");
  }
  return {};
}

// What ties a new ticket to an open incident on this component: words or phrases of its
// text, and a ticket category ("" for none, as a group).
struct TicketMatch {
  std::optional<std::string> keywords;  // a text[] literal
  bool category_given = false;
  std::optional<std::string> category;
};

api::Result<TicketMatch> ticket_match_of(const api::JsonBody& body) {
  TicketMatch m;
  FD_TRY(const auto words, body.strings("keywords", 100, 100));
  if (words) {
    storage::ArrayLiteral list;
    for (const auto& w : *words) {
      if (w.find_first_not_of(" \t") == std::string::npos) return api::invalid("keywords: a keyword must not be blank");
      list.add(std::string_view(w));
    }
    m.keywords = list.text();
  }
  m.category_given = body.has("category");
  if (const auto* raw = body.raw("category"); raw != nullptr && !(raw->is_string() && raw->get_string().empty())) {
    if (!raw->is_string() || !core::parse_category(raw->get_string())) {
      return api::invalid("category: " + (raw->is_string() ? "unknown ticket category '" + std::string(raw->get_string()) + "'"
                                                           : std::string("a ticket category or \"\"")) +
                          " (valid: " + std::string(core::category_values()) + ")");
    }
    m.category = std::string(raw->get_string());
  }
  return m;
}

std::optional<std::string> status_text(const std::optional<ComponentStatus>& s) {
  return s ? std::optional<std::string>(core::to_string(*s)) : std::nullopt;
}

}  // namespace

Answer list_components(Call& call) {
  auto rows = call.db.exec("SELECT " + std::string(kComponentJson) +
                           " FROM status_components c ORDER BY c.position, c.id");
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  Reply r;
  r.body["count"] = list.size();
  r.body["components"] = std::move(list);
  return r;
}

Answer create_component(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, kComponentFields));
  FD_TRY(const auto name, body.required_string("name", 200));
  FD_CHECK(require_free_name(call, name, 0));
  FD_TRY(const auto description, body.string("description", 2000));
  FD_TRY(const auto position, body.integer("position", -100000, 100000));
  FD_TRY(const auto status, body.enumeration<ComponentStatus>("status"));
  FD_TRY(const auto match, ticket_match_of(body));
  bool group_given = false;
  FD_TRY(const auto group, group_of(call, body, group_given));
  auto rows = call.db.exec(
      "INSERT INTO status_components (name, description, group_id, position, status, keywords, category) "
      "VALUES ($1, coalesce($2, ''), $3, coalesce($4, 0), coalesce($5, 'operational'), coalesce($6::text[], '{}'), $7) "
      "RETURNING id",
      name, description, group, position, status_text(status), match.keywords, match.category);
  const auto id = rows.get<std::int64_t>(0, 0);
  api::audit(call, std::nullopt, "component.created", nullptr, json::string(name), {{"componentId", id}});
  return api::created("component", component(call, id));
}

Answer update_component(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id) return api::not_found("component");
  auto current = call.db.exec("SELECT status, name FROM status_components WHERE id = $1 FOR UPDATE", *id);
  if (current.empty()) return api::not_found("component");
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, kComponentFields));
  FD_TRY(const auto name, body.string("name", 200));
  if (name) FD_CHECK(require_free_name(call, *name, *id));
  FD_TRY(const auto description, body.string("description", 2000));
  FD_TRY(const auto position, body.integer("position", -100000, 100000));
  FD_TRY(const auto status, body.enumeration<ComponentStatus>("status"));
  FD_TRY(const auto match, ticket_match_of(body));
  bool group_given = false;
  FD_TRY(const auto group, group_of(call, body, group_given));
  const std::string before = std::string(current.text(0, 0));
  call.db.exec(
      "UPDATE status_components SET name = coalesce($2, name), description = coalesce($3, description), "
      "position = coalesce($4, position), status = coalesce($5, status), "
      "group_id = CASE WHEN $6 THEN $7 ELSE group_id END, keywords = coalesce($8::text[], keywords), "
      "category = CASE WHEN $9 THEN $10 ELSE category END, updated_at = now() WHERE id = $1",
      *id, name, description, position, status_text(status), group_given, group, match.keywords,
      match.category_given, match.category);
  if (status && core::to_string(*status) != before) {
    api::audit(call, std::nullopt, "component.status_changed", json::string(before),
               json::string(core::to_string(*status)), {{"componentId", *id}});
  }
  api::audit(call, std::nullopt, "component.updated", nullptr, json::parse(call.request.body),
             {{"componentId", *id}});
  Reply r;
  r.body["component"] = component(call, *id);
  return r;
}

Answer list_groups(Call& call) {
  auto rows = call.db.exec(
      "SELECT jsonb_build_object('id', g.id, 'name', g.name, 'position', g.position, 'components', "
      "coalesce((SELECT jsonb_agg(c.id ORDER BY c.position, c.id) FROM status_components c "
      "WHERE c.group_id = g.id), '[]'::jsonb))::text FROM status_component_groups g ORDER BY g.position, g.id");
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  Reply r;
  r.body["count"] = list.size();
  r.body["groups"] = std::move(list);
  return r;
}

Answer create_group(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"name", "position"}));
  FD_TRY(const auto name, body.required_string("name", 200));
  if (name.empty()) return api::invalid("name must not be empty");
  FD_TRY(const auto position, body.integer("position", -100000, 100000));
  auto rows = call.db.exec(
      "INSERT INTO status_component_groups (name, position) VALUES ($1, coalesce($2, 0)) "
      "ON CONFLICT (name) DO NOTHING RETURNING id",
      name, position);
  if (rows.empty()) return api::conflict("a group named '" + name + "' exists");
  const auto id = rows.get<std::int64_t>(0, 0);
  api::audit(call, std::nullopt, "component_group.created", nullptr, json::string(name), {{"groupId", id}});
  return api::created("group", json::object{{"id", id}, {"name", name}, {"position", position.value_or(0)}});
}

}  // namespace frontdesk::status::endpoints
