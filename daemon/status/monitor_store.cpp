// SPDX-License-Identifier: Apache-2.0
#include "status/monitor_store.hpp"

#include "storage/connection.hpp"
#include "tickets/audit.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace frontdesk::status {

namespace json = boost::json;

namespace {

void audit(storage::Connection& db, std::string_view event, const json::value& from, const json::value& to,
           json::object data) {
  tickets::record(db, tickets::Actor::system(), {},
                  tickets::AuditEvent{std::nullopt, event, from, to, std::move(data)});
}

void open_draft(storage::Connection& db, const config::MonitorConfig& m, std::int64_t component,
                const std::string& error) {
  const std::string title = m.component + " is not responding";
  const std::string message = "Monitor " + m.name + " failed " + std::to_string(m.failures) +
                              " times running: " + error;
  const auto id = db.exec(
      "INSERT INTO status_incidents (title, status, impact, draft, monitor) "
      "VALUES ($1, 'investigating', 'major', true, $2) RETURNING id",
      title, m.name).get<std::int64_t>(0, 0);
  db.exec("INSERT INTO status_incident_components (incident_id, component_id) VALUES ($1, $2)", id, component);
  db.exec("INSERT INTO status_incident_updates (incident_id, status, message) VALUES ($1, 'investigating', $2)", id,
          message);
  db.exec("UPDATE status_monitor_state SET incident_id = $2 WHERE monitor = $1", m.name, id);
  audit(db, "incident.drafted", nullptr, json::string("investigating"),
        {{"incidentId", id}, {"monitor", m.name}, {"message", message}});
}

void set_component(storage::Connection& db, std::int64_t component, std::string_view from, std::string_view to,
                   const std::string& monitor) {
  db.exec("UPDATE status_components SET status = $2, updated_at = now() WHERE id = $1", component, std::string(to));
  audit(db, "component.status_changed", json::string(from), json::string(to),
        {{"componentId", component}, {"monitor", monitor}});
}

// `incident`: the monitor's draft, 0 for none.
void recover(storage::Connection& db, const config::MonitorConfig& m, std::int64_t component,
             std::string_view component_status, std::int64_t incident) {
  if (component_status == "major_outage") set_component(db, component, component_status, "operational", m.name);
  if (incident != 0) {
    const std::string message = "Monitor " + m.name + " passes again.";
    auto resolved = db.exec(
        "UPDATE status_incidents SET status = 'resolved', resolved_at = now(), updated_at = now() "
        "WHERE id = $1 AND draft AND status <> 'resolved' RETURNING id",
        incident);
    if (!resolved.empty()) {
      db.exec("INSERT INTO status_incident_updates (incident_id, status, message) VALUES ($1, 'resolved', $2)",
              incident, message);
      audit(db, "incident.draft_updated", json::string("investigating"), json::string("resolved"),
            {{"incidentId", incident}, {"monitor", m.name}, {"message", message}});
    }
  }
  db.exec("UPDATE status_monitor_state SET incident_id = NULL WHERE monitor = $1", m.name);
}

}  // namespace

void prepare_monitors(storage::Connection& db, const std::vector<config::MonitorConfig>& monitors) {
  json::array list;
  for (const auto& m : monitors) list.push_back({{"name", m.name}, {"component", m.component}});
  const auto text = json::serialize(list);
  db.exec(
      "INSERT INTO status_components (name) SELECT DISTINCT x.component "
      "FROM jsonb_to_recordset($1::jsonb) AS x(name text, component text) ON CONFLICT (name) DO NOTHING",
      text);
  db.exec(
      "INSERT INTO status_monitor_state (monitor, component_id) "
      "SELECT x.name, c.id FROM jsonb_to_recordset($1::jsonb) AS x(name text, component text) "
      "JOIN status_components c ON c.name = x.component "
      "ON CONFLICT (monitor) DO UPDATE SET component_id = excluded.component_id",
      text);
  db.exec(
      "DELETE FROM status_monitor_state WHERE monitor NOT IN "
      "(SELECT x.name FROM jsonb_to_recordset($1::jsonb) AS x(name text))",
      text);
}

void record_result(storage::Connection& db, const config::MonitorConfig& m, const CheckResult& result) {
  storage::Transaction tx(db);
  auto state = db.exec(
      "SELECT s.component_id, s.failures, s.incident_id, c.status FROM status_monitor_state s "
      "JOIN status_components c ON c.id = s.component_id WHERE s.monitor = $1 FOR UPDATE OF s, c",
      m.name);
  if (state.empty()) return;  // no longer configured (a reload raced this result)
  const auto component = state.get<std::int64_t>(0, 0);
  const auto failures = state.get<std::int64_t>(0, 1);
  const std::int64_t incident = state.is_null(0, 2) ? 0 : state.get<std::int64_t>(0, 2);
  const std::string component_status(state.text(0, 3));
  db.exec(
      "INSERT INTO status_monitor_results (monitor, component_id, ok, latency_ms, error) VALUES ($1, $2, $3, $4, $5)",
      m.name, component, result.ok, static_cast<std::int64_t>(result.latency.count()), result.error);
  db.exec(
      "INSERT INTO status_uptime_daily AS u (component_id, day, checks, failures) "
      "VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1, $2) ON CONFLICT (component_id, day) "
      "DO UPDATE SET checks = u.checks + 1, failures = u.failures + excluded.failures",
      component, result.ok ? 0 : 1);
  const auto now_failing = result.ok ? 0 : failures + 1;
  db.exec(
      "UPDATE status_monitor_state SET failures = $2, last_ok = $3, last_error = $4, last_checked_at = now() "
      "WHERE monitor = $1",
      m.name, now_failing, result.ok, result.error);
  if (!result.ok && now_failing >= m.failures && incident == 0 && component_status != "under_maintenance") {
    if (component_status != "major_outage") set_component(db, component, component_status, "major_outage", m.name);
    open_draft(db, m, component, result.error);
  } else if (result.ok && failures >= m.failures) {
    recover(db, m, component, component_status, incident);
  }
  tx.commit();
}

bool take_lease(storage::Connection& db, const std::string& node, int seconds) {
  return !db.exec(
              "UPDATE status_monitor_lease SET holder = $1, expires_at = now() + make_interval(secs => $2) "
              "WHERE id = 1 AND (holder = $1 OR expires_at < now()) RETURNING 1",
              node, static_cast<std::int64_t>(seconds))
              .empty();
}

void release_lease(storage::Connection& db, const std::string& node) {
  db.exec("UPDATE status_monitor_lease SET expires_at = '-infinity' WHERE id = 1 AND holder = $1", node);
}

void prune_results(storage::Connection& db) {
  db.exec("DELETE FROM status_monitor_results WHERE checked_at < now() - interval '90 days'");
  db.exec("DELETE FROM status_uptime_daily WHERE day < (now() AT TIME ZONE 'UTC')::date - 89");
}

}  // namespace frontdesk::status
