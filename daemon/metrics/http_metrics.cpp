// SPDX-License-Identifier: Apache-2.0
#include "metrics/http_metrics.hpp"

#include "http/router.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <string>

namespace frontdesk::metrics {

namespace {

// Outbox depth per status, the SLA breach count and the rules backlog come from the database, where the
// outbox workers and SLA scheduler of every daemon write them.
void database_metrics(storage::Connection& c, std::string& out) {
  auto outbox = c.exec(
      "SELECT s.status, (SELECT count(*) FROM outbox o WHERE o.status = s.status) "
      "FROM unnest(ARRAY['pending', 'sending', 'failed', 'dead']) AS s(status)");
  write_header(out, "frontdesk_outbox_depth", "Outbox rows not yet delivered, by status", "gauge");
  for (int i = 0; i < outbox.rows(); ++i) {
    write_sample(out, "frontdesk_outbox_depth", {{"status", std::string(outbox.text(i, 0))}},
                 static_cast<double>(outbox.get<std::int64_t>(i, 1)));
  }
  auto breaches = c.exec(
      "SELECT count(*) FROM audit_events WHERE event = 'sla.breached'");
  write_header(out, "frontdesk_sla_breaches_total", "SLA breaches recorded (sla.breached events)",
               "counter");
  write_sample(out, "frontdesk_sla_breaches_total", {},
               static_cast<double>(breaches.get<std::int64_t>(0, 0)));
  // How far the rules are behind: events written but not yet processed by any daemon.
  auto backlog = c.exec(
      "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 "
      "FROM audit_events WHERE rules_pending");
  write_header(out, "frontdesk_rules_backlog_events", "Events waiting for the rules", "gauge");
  write_sample(out, "frontdesk_rules_backlog_events", {},
               static_cast<double>(backlog.get<std::int64_t>(0, 0)));
  write_header(out, "frontdesk_rules_backlog_age_seconds",
               "Age of the oldest event waiting for the rules (0 when none waits)", "gauge");
  write_sample(out, "frontdesk_rules_backlog_age_seconds", {},
               std::max(0.0, backlog.get<double>(0, 1)));
}

// The process's own figures are always answered: they matter most while the database is
// down, which frontdesk_database_up then says (the database's figures are left out).
boost::asio::awaitable<http::Response> scrape(const Registry& registry, storage::Database& db) {
  http::Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = registry.render();
  std::string from_database;
  try {
    from_database = co_await db.async_run(
        [](storage::Connection& c) {
          std::string out;
          database_metrics(c, out);
          return out;
        },
        boost::asio::use_awaitable);
  } catch (const std::exception&) {
    from_database.clear();
  }
  write_header(r.body, "frontdesk_database_up", "Whether this scrape could read the database", "gauge");
  write_sample(r.body, "frontdesk_database_up", {}, from_database.empty() ? 0.0 : 1.0);
  r.body += from_database;
  co_return r;
}

}  // namespace

http::Server::ResponseHook http_response_hook(Registry& registry) {
  auto& requests = registry.counter("frontdesk_http_requests_total",
                                    "HTTP requests answered, by route pattern and status",
                                    {"route", "status"});
  auto& duration = registry.histogram("frontdesk_http_request_duration_seconds",
                                      "Time from request headers to response written",
                                      {"route"}, latency_buckets());
  return [&requests, &duration](std::string_view route, unsigned status,
                                std::chrono::nanoseconds elapsed) {
    const std::string label = route.empty() ? "unmatched" : std::string(route);
    requests.with({label, std::to_string(status)}).inc();
    duration.with({label}).observe(std::chrono::duration<double>(elapsed).count());
  };
}

void register_metrics_route(http::Router& router, const Registry& registry,
                            storage::Database& db) {
  router.add_coro("GET", "/metrics", [&registry, &db](http::Request) {
    return scrape(registry, db);
  });
}

}  // namespace frontdesk::metrics
