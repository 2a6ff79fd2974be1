// SPDX-License-Identifier: Apache-2.0
#include "status/routes.hpp"

#include "api/endpoint.hpp"
#include "http/router.hpp"
#include "status/atom_feed.hpp"
#include "status/endpoints.hpp"
#include "status/page_model.hpp"
#include "status/pages.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::status {

namespace {

using api::Endpoint;
using api::kAdmin;
using api::kStaff;
using boost::asio::awaitable;
using boost::asio::use_awaitable;
namespace fn = endpoints;

constexpr std::array kEndpoints{
    Endpoint{"GET", "/api/v1/status/components", kStaff, false, fn::list_components},
    Endpoint{"POST", "/api/v1/status/components", kAdmin, true, fn::create_component},
    Endpoint{"PUT", "/api/v1/status/components/:id", kStaff, true, fn::update_component},
    Endpoint{"GET", "/api/v1/status/groups", kStaff, false, fn::list_groups},
    Endpoint{"POST", "/api/v1/status/groups", kAdmin, true, fn::create_group},
    Endpoint{"GET", "/api/v1/status/incidents", kStaff, false, fn::list_incidents},
    Endpoint{"POST", "/api/v1/status/incidents", kStaff, true, fn::create_incident},
    Endpoint{"GET", "/api/v1/status/incidents/:id", kStaff, false, fn::get_incident},
    Endpoint{"PUT", "/api/v1/status/incidents/:id", kStaff, true, fn::update_incident},
    Endpoint{"POST", "/api/v1/status/incidents/:id/updates", kStaff, true, fn::add_incident_update},
    Endpoint{"GET", "/api/v1/status/maintenances", kStaff, false, fn::list_maintenances},
    Endpoint{"POST", "/api/v1/status/maintenances", kStaff, true, fn::create_maintenance},
    Endpoint{"PUT", "/api/v1/status/maintenances/:id", kStaff, true, fn::update_maintenance},
    Endpoint{"GET", "/api/v1/status/templates", kStaff, false, fn::list_templates},
    Endpoint{"POST", "/api/v1/status/templates", kStaff, true, fn::create_template},
    Endpoint{"GET", "/api/v1/status/subscribers", kAdmin, false, fn::list_subscribers},
};

awaitable<http::Response> serve_api(const StatusContext& ctx, const Endpoint& endpoint, http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&ctx, &endpoint, req = std::move(req)](storage::Connection& c) {
    return api::invoke(c, ctx.bootstrap_admin_token, endpoint, req);
  };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

// A public route: `answer(connection, request)` in one transaction, kept only when it succeeds.
template <class Answer>
awaitable<http::Response> serve_public(const StatusContext& ctx, Answer answer, http::Request req) {
  auto work = [answer, req = std::move(req)](storage::Connection& c) {
    storage::Transaction tx(c);
    auto response = answer(c, req);
    if (response.status < 400) tx.commit();
    return response;
  };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

template <class Answer>
void add_public(http::Router& router, const StatusContext& ctx, std::string_view method, std::string_view pattern,
                Answer answer) {
  router.add_coro(method, pattern, [&ctx, answer](http::Request req) {
    return serve_public(ctx, answer, std::move(req));
  });
}

http::Response cached(http::Response r) {
  r.headers.emplace_back("Cache-Control", "public, max-age=10");
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return r;
}

}  // namespace

std::span<const Endpoint> status_endpoints() { return kEndpoints; }

void register_status_routes(http::Router& router, const StatusContext& ctx) {
  for (const auto& endpoint : kEndpoints) {
    router.add_coro(endpoint.method, endpoint.pattern, [&ctx, &endpoint](http::Request req) {
      return serve_api(ctx, endpoint, std::move(req));
    });
  }
  const PageSettings& page = ctx.settings.page;
  add_public(router, ctx, "GET", "/status/summary.json", [&page](storage::Connection& c, const http::Request&) {
    return cached(http::Response::json(200, summary(c, page)));
  });
  add_public(router, ctx, "GET", "/status/page.json", [&page](storage::Connection& c, const http::Request&) {
    return cached(http::Response::json(200, page_view(c, page)));
  });
  add_public(router, ctx, "GET", "/status/feed.atom", [&page](storage::Connection& c, const http::Request&) {
    http::Response r;
    r.content_type = "application/atom+xml; charset=utf-8";
    r.body = atom_feed(c, page);
    return cached(std::move(r));
  });
  add_public(router, ctx, "GET", "/status", [&ctx](storage::Connection& c, const http::Request& req) {
    return status_page(c, ctx.site, ctx.settings.page, req);
  });
  add_public(router, ctx, "POST", "/status/subscribe", [&ctx](storage::Connection& c, const http::Request& req) {
    auto answer = subscribe(c, ctx.settings, req);
    return wants_html(req) ? subscribe_page(ctx.site, ctx.settings.page, req, answer) : answer;
  });
  add_public(router, ctx, "GET", "/status/confirm", [&ctx](storage::Connection& c, const http::Request& req) {
    auto answer = confirm(c, req);
    return wants_html(req) ? confirm_page(ctx.site, ctx.settings.page, req, answer) : answer;
  });
  add_public(router, ctx, "GET", "/status/unsubscribe", [&ctx](storage::Connection& c, const http::Request& req) {
    return unsubscribe_form(c, ctx.site, ctx.settings.page, req);
  });
  add_public(router, ctx, "POST", "/status/unsubscribe", [&ctx](storage::Connection& c, const http::Request& req) {
    auto answer = unsubscribe(c, req);
    return wants_html(req) ? unsubscribed_page(ctx.site, ctx.settings.page, req, answer) : answer;
  });
}

}  // namespace frontdesk::status
