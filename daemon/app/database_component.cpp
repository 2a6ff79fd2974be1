// SPDX-License-Identifier: Apache-2.0
#include "app/database_component.hpp"

#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/embedded_cluster.hpp"
#include "storage/migrations.hpp"

#include <spdlog/spdlog.h>

namespace frontdesk::app {

DatabaseComponent::DatabaseComponent(Services& services) : Component(services) {}

DatabaseComponent::~DatabaseComponent() {
  services_.database = nullptr;
  if (db_) db_->stop();
  db_.reset();
  if (cluster_) {
    try {
      cluster_->stop();
    } catch (const std::exception& e) {
      spdlog::error("stopping the embedded PostgreSQL: {}", e.what());
    }
  }
}

void DatabaseComponent::start() {
  const auto& config = services_.config;
  std::string conninfo = config.database.url;
  if (conninfo.empty()) {
    cluster_ = std::make_unique<storage::EmbeddedCluster>(config.state_dir);
    cluster_->start();
    conninfo = cluster_->conninfo();
    spdlog::info("embedded PostgreSQL running under {}", (config.state_dir / "pg").string());
  }
  db_ = std::make_unique<storage::Database>(conninfo, static_cast<std::size_t>(config.database.pool_size));
  services_.database = db_.get();
}

void SchemaComponent::start() {
  const std::string& default_language = services_.config.languages.default_locale;
  services_.db().run_sync([&default_language](storage::Connection& c) {
    const auto applied = storage::migrate(c, storage::builtin_migrations());
    for (int v : applied) spdlog::info("applied migration {:04}", v);
    // The database's copy of languages.default, which the ticket domain's SQL falls back on
    // (migration 0042): fixed at start, so every start writes it.
    c.exec("UPDATE installation_settings SET default_language = $1 WHERE default_language <> $1", default_language);
  });
}

}  // namespace frontdesk::app
