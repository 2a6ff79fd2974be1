// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "net/destination_guard.hpp"

#include <string>

namespace frontdesk::storage {
class Database;
}

namespace frontdesk::webhooks {

struct WebhookApiContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
  // Refuses a URL naming a non-public address outright (webhooks.allow_private_networks);
  // the outbox checks what a name resolves to at each delivery.
  net::DestinationGuard guard;
};

}  // namespace frontdesk::webhooks
