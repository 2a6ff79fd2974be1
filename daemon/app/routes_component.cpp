// SPDX-License-Identifier: Apache-2.0
#include "app/routes_component.hpp"

#include "app/unavailable_answer.hpp"

#include "api/routes.hpp"
#include "app/health_routes.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "metrics/http_metrics.hpp"

namespace frontdesk::app {

void HealthRoutesComponent::start() {
  register_health_routes(*services_.router, services_.db());
  services_.router->set_error_answer(unavailable_answer());
}

ApiComponent::ApiComponent(Services& services) : Component(services) {}

ApiComponent::~ApiComponent() = default;

void ApiComponent::start() {
  context_ = std::make_unique<api::ApiContext>(api::ApiContext{services_.db(), services_.config.bootstrap_admin_token});
  api::register_routes(*services_.router, *context_);
}

void MetricsRouteComponent::start() {
  metrics::register_metrics_route(*services_.router, services_.metrics, services_.db());
}

}  // namespace frontdesk::app
