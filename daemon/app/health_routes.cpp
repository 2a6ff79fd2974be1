// SPDX-License-Identifier: Apache-2.0
#include "app/health_routes.hpp"

#include "http/router.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

namespace frontdesk::app {

void register_health_routes(http::Router& router, storage::Database& db) {
  router.add_coro("GET", "/healthz", [](http::Request) -> boost::asio::awaitable<http::Response> {
    co_return http::Response::json(200, boost::json::object{{"status", "ok"}});
  });
  router.add_coro("GET", "/readyz", [&db](http::Request) -> boost::asio::awaitable<http::Response> {
    // The ping runs on a database thread, never on the HTTP thread.
    const bool ok = co_await db.async_run(
        [](storage::Connection& c) {
          try {
            c.exec("SELECT 1");
            return true;
          } catch (const std::exception&) {
            return false;
          }
        },
        boost::asio::use_awaitable);
    if (ok) co_return http::Response::json(200, boost::json::object{{"status", "ready"}, {"database", "ok"}});
    co_return http::Response::json(
        503, boost::json::object{{"status", "unavailable"}, {"database", "unreachable"}});
  });
}

}  // namespace frontdesk::app
