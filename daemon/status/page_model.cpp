// SPDX-License-Identifier: Apache-2.0
#include "status/page_model.hpp"

#include "status/states.hpp"
#include "status/status_json.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>

#include <vector>

namespace frontdesk::status {

namespace json = boost::json;

namespace {

constexpr std::string_view kPageId = "frontdesk";

// A group's status is its worst member's.
constexpr std::string_view kWorstStatus = R"sql(
  (ARRAY['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'])
  [1 + coalesce(max(array_position(ARRAY['under_maintenance', 'degraded_performance', 'partial_outage',
                                         'major_outage'], c.status)), 0)])sql";

constexpr std::string_view kSummaryComponent = R"sql(jsonb_build_object(
  'id', c.id::text, 'name', c.name, 'status', c.status, 'created_at', fd_iso(c.created_at),
  'updated_at', fd_iso(c.updated_at), 'position', c.position, 'description', nullif(c.description, ''),
  'showcase', true, 'start_date', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
  'group_id', CASE WHEN c.group_id IS NOT NULL THEN 'g' || c.group_id END, 'page_id', $1::text,
  'group', false, 'only_show_if_degraded', false))sql";

std::string summary_sql() {
  return "SELECT coalesce(jsonb_agg(x.o ORDER BY x.pos, x.ord, x.id), '[]'::jsonb)::text FROM ("
         " SELECT g.position AS pos, 0 AS ord, g.id, jsonb_build_object("
         "  'id', 'g' || g.id, 'name', g.name, 'status', (SELECT " + std::string(kWorstStatus) +
         "   FROM status_components c WHERE c.group_id = g.id),"
         "  'created_at', NULL, 'updated_at', (SELECT fd_iso(max(c.updated_at)) FROM status_components c "
         "   WHERE c.group_id = g.id), 'position', g.position, 'description', NULL, 'showcase', false,"
         "  'start_date', NULL, 'group_id', NULL, 'page_id', $1::text, 'group', true, 'only_show_if_degraded', false,"
         "  'components', coalesce((SELECT jsonb_agg(c.id::text ORDER BY c.position, c.id) FROM status_components c"
         "   WHERE c.group_id = g.id), '[]'::jsonb)) AS o"
         " FROM status_component_groups g"
         " UNION ALL SELECT c.position, 1, c.id, " + std::string(kSummaryComponent) +
         " FROM status_components c) x";
}

// Statuspage's incident (or maintenance) object; `from` binds i (or m) and names its updates.
constexpr std::string_view kSummaryIncidents = R"sql(
SELECT coalesce(jsonb_agg(jsonb_build_object(
  'id', i.id::text, 'name', i.title, 'status', i.status, 'created_at', fd_iso(i.created_at),
  'updated_at', fd_iso(i.updated_at),
  'monitoring_at', (SELECT fd_iso(min(u.created_at)) FROM status_incident_updates u
                    WHERE u.incident_id = i.id AND u.status = 'monitoring'),
  'resolved_at', fd_iso(i.resolved_at), 'impact', i.impact,
  'shortlink', $2::text || '#incident-' || i.id, 'started_at', fd_iso(i.created_at), 'page_id', $1::text,
  'incident_updates', coalesce((SELECT jsonb_agg(jsonb_build_object(
      'id', u.id::text, 'status', u.status, 'body', u.message, 'incident_id', i.id::text,
      'created_at', fd_iso(u.created_at), 'updated_at', fd_iso(u.created_at), 'display_at', fd_iso(u.created_at),
      'affected_components', NULL, 'deliver_notifications', true, 'custom_tweet', NULL, 'tweet_id', NULL)
      ORDER BY u.id DESC) FROM status_incident_updates u WHERE u.incident_id = i.id), '[]'::jsonb),
  'components', coalesce((SELECT jsonb_agg(%COMPONENT% ORDER BY c.position, c.id)
      FROM status_incident_components ic JOIN status_components c ON c.id = ic.component_id
      WHERE ic.incident_id = i.id), '[]'::jsonb)) ORDER BY i.created_at DESC, i.id DESC), '[]'::jsonb)::text
FROM status_incidents i WHERE NOT i.draft AND i.status <> 'resolved')sql";

constexpr std::string_view kSummaryMaintenances = R"sql(
SELECT coalesce(jsonb_agg(jsonb_build_object(
  'id', 'm' || m.id, 'name', m.title,
  'status', m.status, 'created_at', fd_iso(m.created_at), 'updated_at', fd_iso(m.updated_at),
  'monitoring_at', NULL, 'resolved_at', NULL, 'impact', 'maintenance',
  'shortlink', $2::text || '#maintenance-' || m.id, 'started_at', fd_iso(m.starts_at), 'page_id', $1::text,
  'scheduled_for', fd_iso(m.starts_at), 'scheduled_until', fd_iso(m.ends_at),
  'incident_updates', jsonb_build_array(jsonb_build_object(
      'id', 'm' || m.id, 'status', m.status, 'body', m.message, 'incident_id', 'm' || m.id,
      'created_at', fd_iso(m.updated_at), 'updated_at', fd_iso(m.updated_at), 'display_at', fd_iso(m.updated_at),
      'affected_components', NULL, 'deliver_notifications', true, 'custom_tweet', NULL, 'tweet_id', NULL)),
  'components', coalesce((SELECT jsonb_agg(%COMPONENT% ORDER BY c.position, c.id)
      FROM status_maintenance_components mc JOIN status_components c ON c.id = mc.component_id
      WHERE mc.maintenance_id = m.id), '[]'::jsonb)) ORDER BY m.starts_at, m.id), '[]'::jsonb)::text
FROM status_maintenances m WHERE m.status IN ('scheduled', 'in_progress'))sql";

std::string with_component(std::string_view sql) {
  std::string out(sql);
  const auto at = out.find("%COMPONENT%");
  out.replace(at, 11, kSummaryComponent);
  return out;
}

Indicator indicator(storage::Connection& db) {
  auto rows = db.exec(
      "SELECT 'c', status FROM status_components UNION ALL "
      "SELECT 'i', impact FROM status_incidents WHERE NOT draft AND status <> 'resolved'");
  std::vector<ComponentStatus> components;
  std::vector<Impact> impacts;
  for (int i = 0; i < rows.rows(); ++i) {
    if (rows.text(i, 0) == "c") {
      if (auto s = core::parse_enum<ComponentStatus>(rows.text(i, 1))) components.push_back(*s);
    } else if (auto s = core::parse_enum<Impact>(rows.text(i, 1))) {
      impacts.push_back(*s);
    }
  }
  return page_indicator(components, impacts);
}

json::object status_object(storage::Connection& db) {
  const auto i = indicator(db);
  return {{"indicator", i.indicator}, {"description", i.description}};
}

std::string updated_at(storage::Connection& db) {
  return std::string(db.exec(
      "SELECT fd_iso(greatest((SELECT max(updated_at) FROM status_components), "
      "(SELECT max(updated_at) FROM status_incidents WHERE NOT draft), "
      "(SELECT max(updated_at) FROM status_maintenances), "
      "(SELECT max(u.created_at) FROM status_incident_updates u JOIN status_incidents i ON i.id = u.incident_id "
      " AND NOT i.draft)))").text(0, 0));
}

json::value parsed(storage::Connection& db, const std::string& sql, const std::string& page_url) {
  return json::parse(db.exec(sql, std::string(kPageId), page_url).text(0, 0));
}

}  // namespace

std::string page_fingerprint(storage::Connection& db) {
  const auto today = db.exec(
      "SELECT (now() AT TIME ZONE 'UTC')::date::text || '/' || (SELECT count(*) FROM status_components) || '/' || "
      "coalesce((SELECT sum(failures) FROM status_uptime_daily WHERE day = (now() AT TIME ZONE 'UTC')::date), 0)");
  return updated_at(db) + "/" + std::string(today.text(0, 0));
}

json::object summary(storage::Connection& db, const PageSettings& page) {
  const std::string page_url = page.public_url + "/status";
  const auto updated = updated_at(db);
  json::object out;
  out["page"] = {{"id", kPageId}, {"name", page.name}, {"url", page_url}, {"time_zone", "Etc/UTC"},
                 {"updated_at", updated.empty() ? json::value(nullptr) : json::value(updated)}};
  out["components"] = json::parse(db.exec(summary_sql(), std::string(kPageId)).text(0, 0));
  out["incidents"] = parsed(db, with_component(kSummaryIncidents), page_url);
  out["scheduled_maintenances"] = parsed(db, with_component(kSummaryMaintenances), page_url);
  out["status"] = status_object(db);
  return out;
}

json::object page_view(storage::Connection& db, const PageSettings& page) {
  const std::string page_url = page.public_url + "/status";
  const auto updated = updated_at(db);
  json::object out;
  out["page"] = {{"name", page.name},
                 {"url", page_url},
                 {"updatedAt", updated.empty() ? json::value(nullptr) : json::value(updated)},
                 {"summaryUrl", page_url + "/summary.json"},
                 {"feedUrl", page_url + "/feed.atom"},
                 {"subscribeUrl", page_url + "/subscribe"}};
  out["status"] = status_object(db);
  out["sections"] = json::parse(db.exec(R"sql(
WITH days AS (SELECT d::date AS day FROM generate_series((now() AT TIME ZONE 'UTC')::date - 89,
                                                         (now() AT TIME ZONE 'UTC')::date, '1 day') d),
comp AS (
  SELECT c.group_id, c.position, c.id, jsonb_build_object(
    'id', c.id, 'name', c.name, 'description', c.description, 'status', c.status,
    'uptime', jsonb_build_object(
      'ratio', (SELECT round(1 - sum(u.failures)::numeric / nullif(sum(u.checks), 0), 5)
                FROM status_uptime_daily u WHERE u.component_id = c.id AND u.day > (SELECT min(day) FROM days) - 1),
      'days', (SELECT jsonb_agg(jsonb_build_object(
                 'date', to_char(d.day, 'YYYY-MM-DD'),
                 'ratio', round(1 - u.failures::numeric / nullif(u.checks, 0), 5),
                 'checks', coalesce(u.checks, 0), 'failures', coalesce(u.failures, 0)) ORDER BY d.day)
               FROM days d LEFT JOIN status_uptime_daily u ON u.component_id = c.id AND u.day = d.day))) AS o
  FROM status_components c)
SELECT coalesce(jsonb_agg(s.o ORDER BY s.pos NULLS FIRST, s.gid), '[]'::jsonb)::text FROM (
  SELECT g.position AS pos, g.id AS gid, jsonb_build_object(
    'group', g.name,
    'status', (SELECT )sql" + std::string(kWorstStatus) + R"sql( FROM status_components c WHERE c.group_id = g.id),
    'components', jsonb_agg(comp.o ORDER BY comp.position, comp.id)) AS o
  FROM status_component_groups g JOIN comp ON comp.group_id = g.id GROUP BY g.id
  UNION ALL
  SELECT NULL, NULL, jsonb_build_object('group', NULL, 'status', NULL,
                                        'components', jsonb_agg(comp.o ORDER BY comp.position, comp.id))
  FROM comp WHERE comp.group_id IS NULL HAVING count(*) > 0) s)sql").text(0, 0));
  auto list = [&](const std::string& sql) {
    auto rows = db.exec(sql);
    json::array a;
    for (int i = 0; i < rows.rows(); ++i) a.push_back(json::parse(rows.text(i, 0)));
    return a;
  };
  out["openIncidents"] = list("SELECT " + std::string(kIncidentJson) +
                              " FROM status_incidents i WHERE NOT i.draft AND i.status <> 'resolved'"
                              " ORDER BY i.created_at DESC, i.id DESC");
  out["maintenances"] = list("SELECT " + std::string(kMaintenanceJson) +
                             " FROM status_maintenances m WHERE m.status IN ('scheduled', 'in_progress')"
                             " ORDER BY m.starts_at, m.id");
  out["history"] = json::parse(db.exec(R"sql(
SELECT coalesce(jsonb_agg(jsonb_build_object('date', to_char(d.day, 'YYYY-MM-DD'), 'incidents', coalesce((
  SELECT jsonb_agg(jsonb_build_object('id', i.id, 'title', i.title, 'impact', i.impact, 'status', i.status,
                                      'createdAt', fd_iso(i.created_at), 'resolvedAt', fd_iso(i.resolved_at))
                   ORDER BY i.created_at DESC)
  FROM status_incidents i WHERE NOT i.draft AND (i.created_at AT TIME ZONE 'UTC')::date = d.day), '[]'::jsonb))
  ORDER BY d.day DESC), '[]'::jsonb)::text
FROM (SELECT d::date AS day FROM generate_series((now() AT TIME ZONE 'UTC')::date - 13,
                                                 (now() AT TIME ZONE 'UTC')::date, '1 day') d) d)sql").text(0, 0));
  return out;
}

}  // namespace frontdesk::status
