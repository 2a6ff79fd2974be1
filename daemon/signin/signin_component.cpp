// SPDX-License-Identifier: Apache-2.0
#include "signin/signin_component.hpp"

#include "config/config.hpp"
#include "signin/routes.hpp"

namespace frontdesk::signin {

SignInComponent::SignInComponent(app::Services& services) : Component(services) {}

SignInComponent::~SignInComponent() = default;

void SignInComponent::start() {
  context_ = std::make_unique<SignInContext>(SignInContext{services_.db(), services_.config.bootstrap_admin_token,
                                                           services_.config.public_url, &services_.web()});
  register_signin_routes(*services_.router, *context_);
}

}  // namespace frontdesk::signin
