// SPDX-License-Identifier: Apache-2.0
#pragma once
// The sign-in routes under /api/v1/auth.
#include "signin/signin_context.hpp"

namespace frontdesk::http {
class Router;
}

namespace frontdesk::signin {

// `context` must outlive the router.
void register_signin_routes(http::Router& router, const SignInContext& context);

}  // namespace frontdesk::signin
