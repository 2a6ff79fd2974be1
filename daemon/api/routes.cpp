#include "api/routes.hpp"

#include "api/auth.hpp"
#include "api/ticket_query.hpp"
#include "http/router.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace frontdesk::api {

namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;

http::Response unauthorized() {
  auto r = http::Response::error(401, "unauthorized", "a valid bearer token is required");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

// Unknown and foreign tickets answer the same 404, so ids cannot be probed.
http::Response ticket_not_found() {
  return http::Response::error(404, "not_found", "no such ticket");
}

awaitable<http::Response> get_ticket(const ApiContext& ctx, http::Request req) {
  const auto token = req.bearer_token();
  if (!token) co_return unauthorized();
  struct Outcome {
    bool authenticated = false;
    std::optional<std::string> ticket;
  };
  // A named callable, not a temporary inside the co_await expression: GCC 12 mishandles
  // the lifetime of non-trivial temporaries there (double destruction).
  auto work = [&ctx, token = std::string(*token), id = req.params.at(0)](storage::Connection& c) {
    Outcome out;
    const auto principal = authenticate(c, token, ctx.bootstrap_admin_token);
    if (!principal) return out;
    out.authenticated = true;
    out.ticket = load_ticket_json(c, id, *principal);
    return out;
  };
  auto outcome = co_await ctx.db.async_run(std::move(work), use_awaitable);
  if (!outcome.authenticated) co_return unauthorized();
  if (!outcome.ticket) co_return ticket_not_found();
  http::Response r;
  r.content_type = "application/json";
  r.body = R"({"success":true,"ticket":)" + *outcome.ticket + "}";
  co_return r;
}

}  // namespace

void register_routes(http::Router& router, const ApiContext& context) {
  router.add_coro("GET", "/api/v1/support/tickets/:id",
                  [&context](http::Request req) { return get_ticket(context, std::move(req)); });
}

}  // namespace frontdesk::api
