// SPDX-License-Identifier: Apache-2.0
#pragma once
// /healthz (the process answers) and /readyz (and its database answers).
namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::app {

void register_health_routes(http::Router& router, storage::Database& db);

}  // namespace frontdesk::app
