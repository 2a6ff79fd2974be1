// SPDX-License-Identifier: Apache-2.0
#include "portal/portal_component.hpp"

#include "config/config.hpp"
#include "portal/routes.hpp"
#include "portal/visit.hpp"

namespace frontdesk::portal {

PortalComponent::PortalComponent(app::Services& services) : Component(services) {}

PortalComponent::~PortalComponent() = default;

void PortalComponent::start() {
  const auto& config = services_.config;
  context_ = std::make_unique<PortalContext>(PortalContext{
      signin::SignInContext{services_.db(), config.bootstrap_admin_token, config.public_url, &services_.web()},
      services_.web()});
  register_portal_routes(*services_.router, *context_);
}

}  // namespace frontdesk::portal
