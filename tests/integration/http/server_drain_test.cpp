// SPDX-License-Identifier: Apache-2.0
#include <future>
#include <stdexcept>
#include <string>

#include "server_fixture.hpp"

namespace frontdesk::http::test {
namespace {

using DrainTest = ServerFixture;

TEST_F(DrainTest, WithNoConnectionsItCallsBackAtOnce) {
  start();
  const auto port_number = port();
  std::promise<void> drained;
  server().drain([&drained] { drained.set_value(); });
  EXPECT_EQ(drained.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_THROW(http_request(kHost, port_number, "GET", "/"), std::runtime_error);
}

TEST_F(DrainTest, StopAcceptingRefusesNewConnectionsButServesOpenOnes) {
  router().add("GET", "/ping", [](Request, Responder responder) {
    responder.send(Response::text(200, "pong"));
  });
  start();
  HttpConnection open(kHost, port());
  EXPECT_EQ(open.request("GET", "/ping").body, "pong");
  server().stop_accepting();
  EXPECT_THROW(http_request(kHost, port(), "GET", "/ping"), std::runtime_error);
  EXPECT_EQ(open.request("GET", "/ping").body, "pong");
}

TEST_F(DrainTest, WaitsForTheInFlightRequestThenCallsBack) {
  std::promise<Responder> slow_started;
  router().add("GET", "/ping", [](Request, Responder responder) {
    responder.send(Response::text(200, "pong"));
  });
  router().add("POST", "/slow", [&slow_started](Request, Responder responder) {
    slow_started.set_value(responder);
  });
  start();

  // One idle keep-alive connection, and one request still being handled.
  HttpConnection idle(kHost, port());
  EXPECT_EQ(idle.request("GET", "/ping").status, 200u);
  auto slow_reply = std::async(std::launch::async, [port = port()] {
    return http_request(kHost, port, "POST", "/slow", "payload");
  });
  auto started = slow_started.get_future();
  ASSERT_EQ(started.wait_for(5s), std::future_status::ready);
  Responder slow = started.get();
  EXPECT_EQ(server().in_flight(), 1u);
  EXPECT_EQ(server().active_connections(), 2u);

  std::promise<void> drained;
  auto drained_future = drained.get_future();
  server().drain([&drained] { drained.set_value(); });

  // The idle connection is closed right away, new connections are refused, and the drain
  // is not over while the slow request is unanswered.
  EXPECT_TRUE(idle.wait_closed(5s));
  EXPECT_THROW(http_request(kHost, port(), "GET", "/ping"), std::runtime_error);
  EXPECT_TRUE(eventually([&] { return server().active_connections() == 1; }));
  EXPECT_EQ(drained_future.wait_for(0s), std::future_status::timeout);
  EXPECT_EQ(server().in_flight(), 1u);

  slow.send(Response::text(200, "finally"));
  auto reply = slow_reply.get();
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body, "finally");
  EXPECT_EQ(reply.headers["connection"], "close");
  EXPECT_EQ(drained_future.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(server().active_connections(), 0u);
  EXPECT_EQ(server().in_flight(), 0u);
}

}  // namespace
}  // namespace frontdesk::http::test
