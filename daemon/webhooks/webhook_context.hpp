#pragma once
#include <string>

namespace frontdesk::storage {
class Database;
}

namespace frontdesk::webhooks {

struct WebhookApiContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
};

}  // namespace frontdesk::webhooks
