#pragma once
// /api/v1/support/webhooks: an admin's outbound webhook subscriptions and their delivery log.
// The secret is write-only: it signs deliveries and is never answered nor logged.
namespace frontdesk::http {
class Router;
}

namespace frontdesk::webhooks {

struct WebhookApiContext;

// `context` must outlive the router.
void register_webhook_routes(http::Router& router, const WebhookApiContext& context);

}  // namespace frontdesk::webhooks
