// SPDX-License-Identifier: Apache-2.0
#include "notifications/notifications_component.hpp"

#include "config/config.hpp"
#include "notifications/routes.hpp"

namespace frontdesk::notifications {

NotificationsComponent::NotificationsComponent(app::Services& services) : Component(services) {}

NotificationsComponent::~NotificationsComponent() = default;

void NotificationsComponent::start() {
  context_ = std::make_unique<NotificationsContext>(
      NotificationsContext{services_.db(), services_.config.bootstrap_admin_token, services_.rules()});
  register_notification_routes(*services_.router, *context_);
}

}  // namespace frontdesk::notifications
