// SPDX-License-Identifier: Apache-2.0
#pragma once
// The knowledge base's routes under /api/v1/support/kb. Public operations (reading,
// searching, suggesting, voting) take no token: a request without Authorization is the
// public; with one, the token decides as everywhere in the API.
#include <span>
#include <string>

namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}
namespace frontdesk::api {
struct Endpoint;
}

namespace frontdesk::kb {

struct KbContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
};

std::span<const api::Endpoint> kb_endpoints();

// `context` must outlive the router.
void register_kb_routes(http::Router& router, const KbContext& context);

}  // namespace frontdesk::kb
