// SPDX-License-Identifier: Apache-2.0
#include "kb/kb_component.hpp"

#include "config/config.hpp"
#include "kb/help_center.hpp"
#include "kb/routes.hpp"

namespace frontdesk::kb {

KbComponent::KbComponent(app::Services& services) : Component(services) {}

KbComponent::~KbComponent() = default;

void KbComponent::start() {
  context_ = std::make_unique<KbContext>(
      KbContext{services_.db(), services_.config.bootstrap_admin_token});
  register_kb_routes(*services_.router, *context_);
  register_help_center(*services_.router, *context_, services_.web());
}

}  // namespace frontdesk::kb
