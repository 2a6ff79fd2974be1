// SPDX-License-Identifier: Apache-2.0
#include "canned/canned_component.hpp"

#include "canned/routes.hpp"
#include "config/config.hpp"

namespace frontdesk::canned {

CannedComponent::CannedComponent(app::Services& services) : Component(services) {}

CannedComponent::~CannedComponent() = default;

void CannedComponent::start() {
  context_ = std::make_unique<CannedContext>(
      CannedContext{services_.db(), services_.config.bootstrap_admin_token, services_.rules()});
  register_canned_routes(*services_.router, *context_);
}

}  // namespace frontdesk::canned
