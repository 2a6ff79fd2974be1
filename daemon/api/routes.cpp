// SPDX-License-Identifier: Apache-2.0
#include "api/routes.hpp"

#include "api/endpoint.hpp"
#include "api/endpoint_functions.hpp"
#include "api/openapi.hpp"
#include "http/router.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::api {

namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;
namespace fn = endpoints_impl;

// Seed 003's endpoints and the additions of the design, with the roles allowed to call each.
constexpr std::array kEndpoints{
    Endpoint{"POST", "/api/v1/support/tickets", kAnyone, true, fn::create_ticket},
    Endpoint{"GET", "/api/v1/support/tickets", kAnyone, false, fn::list_tickets},
    Endpoint{"POST", "/api/v1/support/tickets/bulk", kStaff, true, fn::bulk},
    Endpoint{"GET", "/api/v1/support/tickets/:id", kAnyone, false, fn::get_ticket},
    Endpoint{"POST", "/api/v1/support/tickets/:id/messages", kAnyone, true, fn::add_message},
    Endpoint{"PUT", "/api/v1/support/tickets/:id/reopen", kAnyone, true, fn::reopen},
    Endpoint{"POST", "/api/v1/support/tickets/:id/rate", kCustomer, true, fn::rate},
    Endpoint{"PUT", "/api/v1/support/tickets/:id/assign", kStaff, true, fn::assign},
    Endpoint{"PUT", "/api/v1/support/tickets/:id/status", kStaff, true, fn::status},
    Endpoint{"PUT", "/api/v1/support/tickets/:id/priority", kStaff, true, fn::priority},
    Endpoint{"PUT", "/api/v1/support/tickets/:id/close", kStaff, true, fn::close},
    Endpoint{"PUT", "/api/v1/support/tickets/:id/escalate", kStaff, true, fn::escalate},
    Endpoint{"POST", "/api/v1/support/tickets/:id/merge", kStaff, true, fn::merge},
    Endpoint{"POST", "/api/v1/support/tickets/:id/unmerge", kStaff, true, fn::unmerge},
    Endpoint{"POST", "/api/v1/support/tickets/:id/split", kStaff, true, fn::split},
    Endpoint{"GET", "/api/v1/support/tickets/:id/events", kStaff, false, fn::ticket_events},
    Endpoint{"GET", "/api/v1/support/dashboard", kStaff, false, fn::dashboard},
    Endpoint{"PUT", "/api/v1/support/availability", kStaff, true, fn::availability},
    Endpoint{"GET", "/api/v1/support/stats", kAdmin, false, fn::stats},
    Endpoint{"GET", "/api/v1/support/stats/tickets", kAdmin, false, fn::stats_tickets},
    Endpoint{"POST", "/api/v1/support/agents", kAdmin, true, fn::create_agent},
    Endpoint{"GET", "/api/v1/support/agents", kStaff, false, fn::list_agents},
    Endpoint{"PUT", "/api/v1/support/agents/:id", kAdmin, true, fn::update_agent},
    Endpoint{"PUT", "/api/v1/support/agents/:id/password", kStaff, true, fn::set_agent_password},
    Endpoint{"POST", "/api/v1/support/tokens", kAdmin, true, fn::create_token},
};

awaitable<http::Response> serve(const ApiContext& ctx, const Endpoint& endpoint,
                                http::Request req) {
  // A named callable, not a temporary inside the co_await expression: GCC 12 mishandles
  // the lifetime of non-trivial temporaries there (double destruction).
  auto work = [&ctx, &endpoint, req = std::move(req)](storage::Connection& c) {
    return invoke(c, ctx.bootstrap_admin_token, endpoint, req);
  };
  co_return co_await ctx.db.async_run(std::move(work), use_awaitable);
}

}  // namespace

std::span<const Endpoint> endpoints() { return kEndpoints; }

void register_routes(http::Router& router, const ApiContext& context) {
  for (const auto& endpoint : kEndpoints) {
    router.add_coro(endpoint.method, endpoint.pattern, [&context, &endpoint](http::Request req) {
      return serve(context, endpoint, std::move(req));
    });
  }
  router.add("GET", "/api/v1/openapi.json", [](http::Request, http::Responder responder) {
    http::Response r;
    r.content_type = "application/json";
    r.body = std::string(openapi_document());
    responder.send(std::move(r));
  });
}

}  // namespace frontdesk::api
