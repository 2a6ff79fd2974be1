// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page's routes: the admin API under /api/v1/status (staff; components and
// subscribers are the admins'), and the public ones under /status: summary.json,
// feed.atom, page.json (the HTML page's view model), the HTML page itself and the
// subscription links (pages.hpp: HTML for browsers, JSON for API clients).
#include "status/subscriptions.hpp"

#include <span>
#include <string>

namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}
namespace frontdesk::web {
class Site;
}
namespace frontdesk::api {
struct Endpoint;
}

namespace frontdesk::status {

struct StatusContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
  SubscriptionSettings settings;
  const web::Site& site;
};

// The admin API's operations (for the OpenAPI check).
std::span<const api::Endpoint> status_endpoints();

// `context` must outlive the router.
void register_status_routes(http::Router& router, const StatusContext& context);

}  // namespace frontdesk::status
