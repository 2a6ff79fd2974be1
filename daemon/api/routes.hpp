// SPDX-License-Identifier: Apache-2.0
#pragma once
// The REST API under /api/v1/support served by the core (channels add their own routes).
#include <string>

namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::api {

struct ApiContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
};

// `context` must outlive the router.
void register_routes(http::Router& router, const ApiContext& context);

}  // namespace frontdesk::api
