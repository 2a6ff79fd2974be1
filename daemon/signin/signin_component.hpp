// SPDX-License-Identifier: Apache-2.0
#pragma once
// Sign-in as a part of frontdeskd: /api/v1/auth (agents' logins, sessions, portal links).
#include "app/component.hpp"

#include <memory>

namespace frontdesk::signin {

struct SignInContext;

class SignInComponent final : public app::Component {
 public:
  explicit SignInComponent(app::Services& services);
  ~SignInComponent() override;
  [[nodiscard]] std::string_view name() const override { return "sign-in"; }
  void start() override;

 private:
  std::unique_ptr<SignInContext> context_;  // the routes hold it
};

}  // namespace frontdesk::signin
