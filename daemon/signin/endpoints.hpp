// SPDX-License-Identifier: Apache-2.0
#pragma once
// The sign-in operations under /api/v1/auth (DESIGN.md "Sign-in"), each on a database thread.
#include "api/endpoint.hpp"
#include "signin/signin_context.hpp"

namespace frontdesk::signin {

struct SignInCall {
  const SignInContext& ctx;
  storage::Connection& db;
  const http::Request& request;
  const api::Principal* principal;  // null for the public operations
};

namespace endpoints {
api::Answer login(SignInCall& call);
api::Answer logout(SignInCall& call);
api::Answer current_session(SignInCall& call);
api::Answer list_sessions(SignInCall& call);
api::Answer revoke_session(SignInCall& call);
api::Answer request_portal_link(SignInCall& call);
api::Answer redeem_portal_link(SignInCall& call);
}  // namespace endpoints

}  // namespace frontdesk::signin
