// SPDX-License-Identifier: Apache-2.0
#include "signin/routes.hpp"

#include "http/router.hpp"
#include "signin/endpoints.hpp"
#include "storage/database.hpp"
#include "storage/connection.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::signin {

namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;
namespace fn = endpoints;

struct Route {
  std::string_view method;
  std::string_view pattern;
  bool signed_in;  // needs a session or token (else public)
  bool writes;     // runs in one transaction
  api::Answer (*run)(SignInCall& call);
};

// The login writes its failures outside any transaction (a failed login must still count).
constexpr std::array kRoutes{
    Route{"POST", "/api/v1/auth/login", false, false, fn::login},
    Route{"POST", "/api/v1/auth/logout", true, true, fn::logout},
    Route{"GET", "/api/v1/auth/session", true, false, fn::current_session},
    Route{"GET", "/api/v1/auth/sessions", true, false, fn::list_sessions},
    Route{"DELETE", "/api/v1/auth/sessions/:id", true, true, fn::revoke_session},
    Route{"POST", "/api/v1/auth/magic-link", false, true, fn::request_portal_link},
    Route{"POST", "/api/v1/auth/magic-link/redeem", false, true, fn::redeem_portal_link},
};

// A public write must come as JSON: a form on another site can send text/plain to us without
// asking, but not application/json, so logging someone in from elsewhere (login CSRF) fails.
bool is_json(const http::Request& request) {
  const auto type = request.header("Content-Type");
  return type && type->starts_with("application/json");
}

http::Response run(storage::Connection& c, const SignInContext& ctx, const Route& route, const http::Request& req) {
  std::optional<api::Principal> principal;
  if (route.signed_in) {
    auto who = api::authenticate_request(c, req, ctx.bootstrap_admin_token);
    if (!who) return api::respond(core::Unexpected(std::move(who).error()));
    principal = *who;
  } else if (!is_json(req)) {
    return api::respond(api::problem(415, "unsupported_media_type", "send the body as application/json"));
  }
  SignInCall call{ctx, c, req, principal ? &*principal : nullptr};
  if (!route.writes) return api::respond(route.run(call));
  storage::Transaction tx(c);
  auto answer = route.run(call);
  if (answer) tx.commit();
  return api::respond(std::move(answer));
}

awaitable<http::Response> serve(const SignInContext& ctx, const Route& route, http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&ctx, &route, req = std::move(req)](storage::Connection& c) { return run(c, ctx, route, req); };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

}  // namespace

void register_signin_routes(http::Router& router, const SignInContext& context) {
  for (const auto& route : kRoutes) {
    router.add_coro(route.method, route.pattern,
                    [&context, &route](http::Request req) { return serve(context, route, std::move(req)); });
  }
}

}  // namespace frontdesk::signin
