// SPDX-License-Identifier: Apache-2.0
#pragma once
// The canned-response, preview-reply and macro routes under /api/v1/support (staff only).
#include <span>
#include <string>

namespace frontdesk::http {
class Router;
}
namespace frontdesk::storage {
class Database;
}
namespace frontdesk::rules {
class RuleStore;
}
namespace frontdesk::api {
struct Endpoint;
}

namespace frontdesk::canned {

struct CannedContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
  const rules::RuleStore& rules;  // the running rule set: its manual rules are the macros
};

std::span<const api::Endpoint> canned_endpoints();

// `context` must outlive the router.
void register_canned_routes(http::Router& router, const CannedContext& context);

// The context of the call running on this thread (set by the routes around each call), for
// the macro endpoints; throws std::logic_error outside one.
const CannedContext& current_context();

}  // namespace frontdesk::canned
