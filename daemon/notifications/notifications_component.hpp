// SPDX-License-Identifier: Apache-2.0
#pragma once
// Proactive notifications as a part of frontdeskd: their routes (notifications/routes.cpp),
// over the running rule set's templates.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::notifications {

struct NotificationsContext;

class NotificationsComponent final : public app::Component {
 public:
  explicit NotificationsComponent(app::Services& services);
  ~NotificationsComponent() override;
  [[nodiscard]] std::string_view name() const override { return "notifications"; }
  void start() override;

 private:
  std::unique_ptr<NotificationsContext> context_;  // the routes hold it
};

}  // namespace frontdesk::notifications
