// SPDX-License-Identifier: Apache-2.0
#include "kb/routes.hpp"

#include "api/endpoint.hpp"
#include "http/router.hpp"
#include "kb/endpoints.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::kb {

namespace {

using api::Endpoint;
using api::kAnyone;
using api::kStaff;
using boost::asio::awaitable;
using boost::asio::use_awaitable;
namespace fn = endpoints;

// kAnyone marks the public operations: callable without a token.
constexpr std::array kEndpoints{
    Endpoint{"GET", "/api/v1/support/kb/articles", kAnyone, false, fn::list_articles},
    Endpoint{"POST", "/api/v1/support/kb/articles", kStaff, true, fn::create_article},
    Endpoint{"GET", "/api/v1/support/kb/articles/:id", kAnyone, false, fn::get_article},
    Endpoint{"PUT", "/api/v1/support/kb/articles/:id", kStaff, true, fn::update_article},
    Endpoint{"GET", "/api/v1/support/kb/articles/:id/revisions", kStaff, false, fn::list_revisions},
    Endpoint{"GET", "/api/v1/support/kb/articles/:id/revisions/:number", kStaff, false,
             fn::get_revision},
    Endpoint{"POST", "/api/v1/support/kb/articles/:id/revisions/:number/restore", kStaff, true,
             fn::restore_revision},
    Endpoint{"POST", "/api/v1/support/kb/articles/:id/feedback", kAnyone, true, fn::feedback},
    Endpoint{"GET", "/api/v1/support/kb/categories", kAnyone, false, fn::list_categories},
    Endpoint{"POST", "/api/v1/support/kb/categories", kStaff, true, fn::create_category},
    Endpoint{"PUT", "/api/v1/support/kb/categories/:id", kStaff, true, fn::update_category},
    Endpoint{"GET", "/api/v1/support/kb/suggest", kAnyone, false, fn::suggest},
    Endpoint{"GET", "/api/v1/support/kb/search-misses", kStaff, false, fn::search_misses},
};

http::Response run(storage::Connection& c, const KbContext& ctx, const Endpoint& endpoint,
                   const http::Request& req) {
  if (endpoint.roles == kAnyone && !api::has_credentials(req)) {
    static const api::Principal kPublic{};  // a customer with no id: the public
    return api::invoke_as(c, kPublic, endpoint, req);
  }
  return api::invoke(c, ctx.bootstrap_admin_token, endpoint, req);
}

awaitable<http::Response> serve(const KbContext& ctx, const Endpoint& endpoint, http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&ctx, &endpoint, req = std::move(req)](storage::Connection& c) {
    return run(c, ctx, endpoint, req);
  };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

}  // namespace

std::span<const Endpoint> kb_endpoints() { return kEndpoints; }

void register_kb_routes(http::Router& router, const KbContext& context) {
  for (const auto& endpoint : kEndpoints) {
    router.add_coro(endpoint.method, endpoint.pattern, [&context, &endpoint](http::Request req) {
      return serve(context, endpoint, std::move(req));
    });
  }
}

}  // namespace frontdesk::kb
