// SPDX-License-Identifier: Apache-2.0
#pragma once
// The agents' console as a part of frontdeskd: its page at /console/ (the API it calls is the
// REST API and /api/v1/auth).
#include "app/component.hpp"

namespace frontdesk::console {

class ConsoleComponent final : public app::Component {
 public:
  explicit ConsoleComponent(app::Services& services) : Component(services) {}
  [[nodiscard]] std::string_view name() const override { return "console"; }
  void start() override;
};

}  // namespace frontdesk::console
