// SPDX-License-Identifier: Apache-2.0
#pragma once
// /api/v1/support/webhooks: an admin's outbound webhook subscriptions and their delivery log.
// The secret is write-only: it signs deliveries and is never answered nor logged.
#include "api/endpoint.hpp"

#include <span>

namespace frontdesk::http {
class Router;
}

namespace frontdesk::webhooks {

struct WebhookApiContext;

// The webhook operations, as registered (openapi.json documents them with the API's).
std::span<const api::Endpoint> endpoints();

// `context` must outlive the router.
void register_webhook_routes(http::Router& router, const WebhookApiContext& context);

}  // namespace frontdesk::webhooks
