// SPDX-License-Identifier: Apache-2.0
#pragma once
// The daemon's metrics over HTTP: request counts and latencies by route and status, and
// GET /metrics, which adds figures read from the database at scrape time (so every daemon
// sharing the database reports the same cluster-wide values).
#include "http/server.hpp"
#include "metrics/registry.hpp"

namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::metrics {

// A Server::on_response hook counting frontdesk_http_requests_total{route,status} and
// observing frontdesk_http_request_duration_seconds{route}. Unmatched requests are counted
// under route "unmatched" so probes cannot blow up the label set.
http::Server::ResponseHook http_response_hook(Registry& registry);

// GET /metrics. `registry` and `db` must outlive the router.
void register_metrics_route(http::Router& router, const Registry& registry,
                            storage::Database& db);

}  // namespace frontdesk::metrics
