// SPDX-License-Identifier: Apache-2.0
#pragma once
// The daemon's own HTTP routes, registered before the port opens: /healthz and /readyz
// ("health"), the REST API under /api/v1 ("API"), and /metrics ("metrics"). In this order,
// and before the channels' routes, as the router has always received them.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::api {
struct ApiContext;
}

namespace frontdesk::app {

class HealthRoutesComponent final : public Component {
 public:
  using Component::Component;
  [[nodiscard]] std::string_view name() const override { return "health"; }
  void start() override;
};

class ApiComponent final : public Component {
 public:
  explicit ApiComponent(Services& services);
  ~ApiComponent() override;
  [[nodiscard]] std::string_view name() const override { return "API"; }
  void start() override;

 private:
  std::unique_ptr<api::ApiContext> context_;  // the routes hold it
};

class MetricsRouteComponent final : public Component {
 public:
  using Component::Component;
  [[nodiscard]] std::string_view name() const override { return "metrics"; }
  void start() override;
};

}  // namespace frontdesk::app
