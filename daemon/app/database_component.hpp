// SPDX-License-Identifier: Apache-2.0
#pragma once
// The database: the embedded PostgreSQL (when database.url is empty) and the connection
// pool ("database"), and the schema brought up to date ("schema").
#include "app/component.hpp"

#include <memory>

namespace frontdesk::storage {
class EmbeddedCluster;
}

namespace frontdesk::app {

class DatabaseComponent final : public Component {
 public:
  explicit DatabaseComponent(Services& services);
  ~DatabaseComponent() override;  // closes the pool, then stops the embedded server

  [[nodiscard]] std::string_view name() const override { return "database"; }
  void start() override;

 private:
  std::unique_ptr<storage::EmbeddedCluster> cluster_;
  std::unique_ptr<storage::Database> db_;
};

class SchemaComponent final : public Component {
 public:
  using Component::Component;
  [[nodiscard]] std::string_view name() const override { return "schema"; }
  void start() override;
};

}  // namespace frontdesk::app
