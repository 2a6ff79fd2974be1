// SPDX-License-Identifier: Apache-2.0
#include "notifications/routes.hpp"

#include "api/call_context.hpp"
#include "api/endpoint.hpp"
#include "http/router.hpp"
#include "notifications/endpoints.hpp"
#include "rules/rule_store.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::notifications {

namespace {

using api::Endpoint;
using api::kStaff;
using boost::asio::awaitable;
using boost::asio::use_awaitable;

constexpr std::array kEndpoints{
    Endpoint{"POST", "/api/v1/support/notifications", kStaff, true, endpoints::send_notification},
    Endpoint{"POST", "/api/v1/support/customers/:id/opt-in", kStaff, true, endpoints::opt_in},
};

awaitable<http::Response> serve(const NotificationsContext& ctx, const Endpoint& endpoint, http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&ctx, &endpoint, req = std::move(req)](storage::Connection& c) {
    const api::CallContext<rules::RuleStore> scope(ctx.rules);
    return api::invoke(c, ctx.bootstrap_admin_token, endpoint, req);
  };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

}  // namespace

std::span<const Endpoint> notification_endpoints() { return kEndpoints; }

void register_notification_routes(http::Router& router, const NotificationsContext& context) {
  for (const auto& endpoint : kEndpoints) {
    router.add_coro(endpoint.method, endpoint.pattern, [&context, &endpoint](http::Request req) {
      return serve(context, endpoint, std::move(req));
    });
  }
}

}  // namespace frontdesk::notifications
