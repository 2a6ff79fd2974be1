// SPDX-License-Identifier: Apache-2.0
#include "status/status_json.hpp"

#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace frontdesk::status {

namespace json = boost::json;

const std::string_view kComponentJson = R"sql(jsonb_build_object(
  'id', c.id, 'name', c.name, 'description', c.description, 'groupId', c.group_id,
  'group', (SELECT g.name FROM status_component_groups g WHERE g.id = c.group_id),
  'position', c.position, 'status', c.status, 'keywords', to_jsonb(c.keywords), 'category', c.category,
  'createdAt', fd_iso(c.created_at), 'updatedAt', fd_iso(c.updated_at))::text)sql";

const std::string_view kIncidentJson = R"sql(jsonb_build_object(
  'id', i.id, 'title', i.title, 'status', i.status, 'impact', i.impact, 'draft', i.draft,
  'monitor', i.monitor,
  'components', coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name) ORDER BY c.id)
                          FROM status_incident_components ic JOIN status_components c ON c.id = ic.component_id
                          WHERE ic.incident_id = i.id), '[]'::jsonb),
  'updates', coalesce((SELECT jsonb_agg(jsonb_build_object('id', u.id, 'status', u.status,
                                        'message', u.message, 'createdAt', fd_iso(u.created_at))
                                        ORDER BY u.id DESC)
                       FROM status_incident_updates u WHERE u.incident_id = i.id), '[]'::jsonb),
  'createdAt', fd_iso(i.created_at), 'updatedAt', fd_iso(i.updated_at),
  'resolvedAt', fd_iso(i.resolved_at))::text)sql";

const std::string_view kMaintenanceJson = R"sql(jsonb_build_object(
  'id', m.id, 'title', m.title, 'message', m.message, 'status', m.status,
  'startsAt', fd_iso(m.starts_at), 'endsAt', fd_iso(m.ends_at),
  'components', coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name) ORDER BY c.id)
                          FROM status_maintenance_components mc JOIN status_components c ON c.id = mc.component_id
                          WHERE mc.maintenance_id = m.id), '[]'::jsonb),
  'createdAt', fd_iso(m.created_at), 'updatedAt', fd_iso(m.updated_at))::text)sql";

json::value row_json(storage::Connection& db, std::string_view select_json, std::string_view from,
                     std::int64_t id) {
  const std::string alias(from.substr(from.rfind(' ') + 1));
  auto rows = db.exec("SELECT " + std::string(select_json) + " FROM " + std::string(from) + " WHERE " +
                          alias + ".id = $1",
                      id);
  if (rows.rows() == 0) throw std::logic_error(std::string(from) + " " + std::to_string(id) + " vanished");
  return json::parse(rows.text(0, 0));
}

api::Result<std::vector<std::int64_t>> component_ids(storage::Connection& db, const json::value* items) {
  std::vector<std::int64_t> ids;
  if (items == nullptr || items->is_null()) return ids;
  if (!items->is_array()) return api::invalid("components must be a list of component names or ids");
  if (items->as_array().size() > 200) return api::invalid("components: at most 200");
  for (const auto& item : items->as_array()) {
    if (!item.is_int64() && !item.is_string()) {
      return api::invalid("components must be a list of component names or ids");
    }
    auto rows = item.is_int64()
                    ? db.exec("SELECT id FROM status_components WHERE id = $1", item.as_int64())
                    : db.exec("SELECT id FROM status_components WHERE name = $1", std::string(item.as_string()));
    if (rows.rows() == 0) return api::invalid("components: no component " + json::serialize(item));
    const auto id = rows.get<std::int64_t>(0, 0);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

std::string ids_json(const std::vector<std::int64_t>& ids) {
  json::array a(ids.begin(), ids.end());
  return json::serialize(a);
}

}  // namespace frontdesk::status
