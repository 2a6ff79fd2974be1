// SPDX-License-Identifier: Apache-2.0
#pragma once
// Proactive notifications under /api/v1/support (staff): POST /notifications sends a
// template to a customer on the first channel they have opted in to; POST
// /customers/:id/opt-in records a customer's consent on a channel.
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

namespace frontdesk::notifications {

struct NotificationsContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
  const rules::RuleStore& rules;  // the running rule set: its templates are the notifications'
};

std::span<const api::Endpoint> notification_endpoints();

// `context` must outlive the router.
void register_notification_routes(http::Router& router, const NotificationsContext& context);

}  // namespace frontdesk::notifications
