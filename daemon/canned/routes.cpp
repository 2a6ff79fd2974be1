// SPDX-License-Identifier: Apache-2.0
#include "canned/routes.hpp"

#include "api/call_context.hpp"
#include "api/endpoint.hpp"
#include "canned/endpoints.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::canned {

namespace {

using api::Endpoint;
using api::kStaff;
using boost::asio::awaitable;
using boost::asio::use_awaitable;
namespace fn = endpoints;

constexpr std::array kEndpoints{
    Endpoint{"GET", "/api/v1/support/canned-responses", kStaff, false, fn::list_canned},
    Endpoint{"POST", "/api/v1/support/canned-responses", kStaff, true, fn::create_canned},
    Endpoint{"GET", "/api/v1/support/canned-responses/:id", kStaff, false, fn::get_canned},
    Endpoint{"PUT", "/api/v1/support/canned-responses/:id", kStaff, true, fn::update_canned},
    Endpoint{"DELETE", "/api/v1/support/canned-responses/:id", kStaff, true, fn::delete_canned},
    Endpoint{"POST", "/api/v1/support/tickets/:id/preview-reply", kStaff, false, fn::preview_reply},
    Endpoint{"GET", "/api/v1/support/macros", kStaff, false, fn::list_macros},
    Endpoint{"POST", "/api/v1/support/tickets/:id/macros/:name", kStaff, true, fn::run_macro},
};

awaitable<http::Response> serve(const CannedContext& ctx, const Endpoint& endpoint, http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&ctx, &endpoint, req = std::move(req)](storage::Connection& c) {
    const api::CallContext<CannedContext> scope(ctx);
    return api::invoke(c, ctx.bootstrap_admin_token, endpoint, req);
  };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

}  // namespace

std::span<const Endpoint> canned_endpoints() { return kEndpoints; }

const CannedContext& current_context() { return api::CallContext<CannedContext>::current(); }

void register_canned_routes(http::Router& router, const CannedContext& context) {
  for (const auto& endpoint : kEndpoints) {
    router.add_coro(endpoint.method, endpoint.pattern, [&context, &endpoint](http::Request req) {
      return serve(context, endpoint, std::move(req));
    });
  }
}

}  // namespace frontdesk::canned
