// SPDX-License-Identifier: Apache-2.0
#pragma once
// The customer portal as a part of frontdeskd: /portal/ (daemon/portal/routes.hpp).
#include "app/component.hpp"

#include <memory>

namespace frontdesk::portal {

struct PortalContext;

class PortalComponent final : public app::Component {
 public:
  explicit PortalComponent(app::Services& services);
  ~PortalComponent() override;
  [[nodiscard]] std::string_view name() const override { return "customer portal"; }
  void start() override;

 private:
  std::unique_ptr<PortalContext> context_;  // the routes hold it
};

}  // namespace frontdesk::portal
