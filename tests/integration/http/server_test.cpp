// SPDX-License-Identifier: Apache-2.0
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

#include "server_fixture.hpp"

namespace frontdesk::http::test {
namespace {

Router::Handler text(std::string body) {
  return [body](Request, Responder responder) { responder.send(Response::text(200, body)); };
}

class ServerTest : public ServerFixture {
 protected:
  void add_common_routes() {
    router().add("GET", "/hello", [](Request request, Responder responder) {
      responder.send(Response::text(200, "hello " + request.query_param("name").value_or("you") +
                                             " from " + request.remote_addr));
    });
    router().add("POST", "/echo", [](Request request, Responder responder) {
      auto response = Response::json(201, boost::json::parse(request.body));
      response.headers.emplace_back("X-Method", request.method);
      response.headers.emplace_back("X-Content-Type",
                                    std::string(request.header("content-type").value_or("")));
      responder.send(std::move(response));
    });
    router().add("POST", "/echo-text", [](Request request, Responder responder) {
      responder.send(Response::text(200, request.body));
    });
  }
};

TEST_F(ServerTest, GetAndPostRoundTrip) {
  add_common_routes();
  start();
  auto got = http_request(kHost, port(), "GET", "/hello?name=Ada%20L");
  EXPECT_EQ(got.status, 200u);
  EXPECT_EQ(got.body, "hello Ada L from 127.0.0.1");
  EXPECT_EQ(got.headers["server"], "frontdesk");
  EXPECT_EQ(got.headers["content-length"], std::to_string(got.body.size()));
  EXPECT_EQ(got.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(got.headers.count("date"), 1u);

  auto posted = http_request(kHost, port(), "POST", "/echo", R"({"subject":"Printer jam"})",
                             {{"Content-Type", "application/json"}});
  EXPECT_EQ(posted.status, 201u);
  EXPECT_EQ(posted.body, R"({"subject":"Printer jam"})");
  EXPECT_EQ(posted.headers["content-type"], "application/json");
  EXPECT_EQ(posted.headers["x-method"], "POST");
  EXPECT_EQ(posted.headers["x-content-type"], "application/json");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  add_common_routes();
  start();
  HttpConnection connection(kHost, port());
  auto first = connection.request("GET", "/hello?name=one");
  EXPECT_EQ(first.status, 200u);
  EXPECT_EQ(first.headers.count("connection"), 0u);
  EXPECT_EQ(server().active_connections(), 1u);
  auto second = connection.request("POST", "/echo-text", "two");
  EXPECT_EQ(second.status, 200u);
  EXPECT_EQ(second.body, "two");
  EXPECT_EQ(server().active_connections(), 1u);
  EXPECT_TRUE(connection.is_open());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  add_common_routes();
  start();
  HttpConnection connection(kHost, port());
  connection.send_raw(
      "GET /hello?name=a HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /echo-text HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nb");
  EXPECT_EQ(connection.read_response().body, "hello a from 127.0.0.1");
  EXPECT_EQ(connection.read_response().body, "b");
}

TEST_F(ServerTest, Http10ClosesAfterTheResponse) {
  add_common_routes();
  start();
  HttpConnection connection(kHost, port());
  connection.send_raw("GET /hello HTTP/1.0\r\n\r\n");
  auto response = connection.read_response();
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(connection.wait_closed(5s));
}

TEST_F(ServerTest, ClientConnectionCloseIsHonoured) {
  add_common_routes();
  start();
  HttpConnection connection(kHost, port());
  auto response = connection.request("GET", "/hello", {}, {{"Connection", "close"}});
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.headers["connection"], "close");
  EXPECT_TRUE(connection.wait_closed(5s));
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  router().add("GET", "/page", text("twelve bytes"));
  start();
  HttpConnection connection(kHost, port());
  auto head = connection.request("HEAD", "/page");
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.headers["content-length"], "12");
  EXPECT_EQ(head.body, "");
  // The connection is still in step: the next response is read correctly.
  auto get = connection.request("GET", "/page");
  EXPECT_EQ(get.body, "twelve bytes");
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowed) {
  add_common_routes();
  start();
  auto missing = http_request(kHost, port(), "GET", "/missing");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.body,
            R"({"success":false,"error":{"code":"not_found","message":"No such resource."}})");
  auto wrong = http_request(kHost, port(), "DELETE", "/hello");
  EXPECT_EQ(wrong.status, 405u);
  EXPECT_EQ(wrong.headers["allow"], "GET, HEAD");
  EXPECT_NE(wrong.body.find(R"("code":"method_not_allowed")"), std::string::npos);
}

TEST_F(ServerTest, BodyOverTheLimitByContentLengthIs413) {
  add_common_routes();
  ServerOptions options;
  options.body_limit = 1024;
  start(options);
  EXPECT_EQ(http_request(kHost, port(), "POST", "/echo-text", std::string(1024, 'a')).status,
            200u);
  HttpConnection connection(kHost, port());
  auto response = connection.request("POST", "/echo-text", std::string(4096, 'a'));
  EXPECT_EQ(response.status, 413u);
  EXPECT_NE(response.body.find(R"("code":"payload_too_large")"), std::string::npos);
  EXPECT_EQ(response.headers["connection"], "close");
  EXPECT_TRUE(connection.wait_closed(5s));
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  add_common_routes();
  ServerOptions options;
  options.body_limit = 1024;
  start(options);
  auto small = http_request(kHost, port(), "POST", "/echo-text", "chunked but small",
                            {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(small.status, 200u);
  EXPECT_EQ(small.body, "chunked but small");

  HttpConnection connection(kHost, port());
  auto response = connection.request("POST", "/echo-text", std::string(4096, 'a'),
                                     {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(response.status, 413u);
  EXPECT_NE(response.body.find(R"("code":"payload_too_large")"), std::string::npos);
  EXPECT_TRUE(connection.wait_closed(5s));
}

TEST_F(ServerTest, GarbageIs400ThenClose) {
  add_common_routes();
  start();
  HttpConnection connection(kHost, port());
  connection.send_raw("\x16\x03\x01 this is not HTTP\r\n\r\n");
  auto response = connection.read_response();
  EXPECT_EQ(response.status, 400u);
  EXPECT_NE(response.body.find(R"("code":"bad_request")"), std::string::npos);
  EXPECT_TRUE(connection.wait_closed(5s));

  HttpConnection bad_length(kHost, port());
  bad_length.send_raw("POST /echo-text HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
  EXPECT_EQ(bad_length.read_response().status, 400u);
}

TEST_F(ServerTest, SlowHeadersAreCutOff) {
  add_common_routes();
  ServerOptions options;
  options.header_timeout = 200ms;
  start(options);
  HttpConnection connection(kHost, port());
  const auto started = std::chrono::steady_clock::now();
  connection.send_raw("GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finished
  EXPECT_TRUE(connection.wait_closed(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
  EXPECT_TRUE(eventually([&] { return server().active_connections() == 0; }));
}

TEST_F(ServerTest, IdleKeepAliveConnectionsAreClosed) {
  add_common_routes();
  ServerOptions options;
  options.idle_timeout = 200ms;
  start(options);
  HttpConnection connection(kHost, port());
  EXPECT_EQ(connection.request("GET", "/hello").status, 200u);
  EXPECT_TRUE(connection.wait_closed(5s));
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  add_common_routes();
  start();
  HttpConnection connection(kHost, port());
  connection.send_raw(
      "POST /echo-text HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(connection.read_response().status, 100u);
  connection.send_raw("hello");
  auto response = connection.read_response();
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "hello");
}

TEST_F(ServerTest, ResponderSendsFromAnotherThreadAfterTheHandlerReturned) {
  std::promise<Responder> handed;
  router().add("GET", "/later", [&handed](Request, Responder responder) {
    handed.set_value(responder);
  });
  start();
  auto reply = std::async(std::launch::async,
                          [port = port()] { return http_request(kHost, port, "GET", "/later"); });
  auto future = handed.get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  {
    Responder responder = future.get();
    EXPECT_EQ(server().in_flight(), 1u);
    std::thread worker([responder] { responder.send(Response::text(202, "done later")); });
    worker.join();
    responder.send(Response::text(500, "ignored"));
  }
  auto result = reply.get();
  EXPECT_EQ(result.status, 202u);
  EXPECT_EQ(result.body, "done later");
  EXPECT_TRUE(eventually([&] { return server().in_flight() == 0; }));
}

TEST_F(ServerTest, DroppedResponderGives500) {
  router().add("GET", "/forgetful", [](Request, Responder) {});
  start();
  auto result = http_request(kHost, port(), "GET", "/forgetful");
  EXPECT_EQ(result.status, 500u);
  EXPECT_NE(result.body.find(R"("code":"internal_error")"), std::string::npos);
}

TEST_F(ServerTest, ThrowingHandlerGives500WithoutTheMessage) {
  router().add("GET", "/boom", [](Request, Responder) -> void {
    throw std::runtime_error("connection string with password");
  });
  start();
  auto result = http_request(kHost, port(), "GET", "/boom");
  EXPECT_EQ(result.status, 500u);
  EXPECT_EQ(result.body.find("password"), std::string::npos);
}

TEST_F(ServerTest, CrlfInAHeaderValueGives500) {
  router().add("GET", "/inject", [](Request, Responder responder) {
    auto response = Response::text(200, "should not be sent");
    response.headers.emplace_back("X-Next", "a\r\nSet-Cookie: session=evil");
    responder.send(std::move(response));
  });
  router().add("GET", "/inject-type", [](Request, Responder responder) {
    auto response = Response::text(200, "should not be sent");
    response.content_type = "text/plain\nX-Evil: 1";
    responder.send(std::move(response));
  });
  start();
  HttpConnection connection(kHost, port());
  auto result = connection.request("GET", "/inject");
  EXPECT_EQ(result.status, 500u);
  EXPECT_EQ(result.headers.count("set-cookie"), 0u);
  EXPECT_EQ(result.headers.count("x-next"), 0u);
  EXPECT_EQ(result.body.find("should not"), std::string::npos);
  auto typed = connection.request("GET", "/inject-type");
  EXPECT_EQ(typed.status, 500u);
  EXPECT_EQ(typed.headers.count("x-evil"), 0u);
}

TEST_F(ServerTest, CoroutineRoutesRunOnTheServer) {
  router().add_coro("GET", "/coro/:id", [](Request request) -> boost::asio::awaitable<Response> {
    co_await boost::asio::post(co_await boost::asio::this_coro::executor,
                               boost::asio::use_awaitable);
    co_return Response::text(200, "ticket " + std::string(request.param("id").value_or("")));
  });
  router().add_coro("GET", "/coro-boom", [](Request) -> boost::asio::awaitable<Response> {
    co_await boost::asio::post(co_await boost::asio::this_coro::executor,
                               boost::asio::use_awaitable);
    throw std::runtime_error("secret");
  });
  start();
  EXPECT_EQ(http_request(kHost, port(), "GET", "/coro/TKT-9").body, "ticket TKT-9");
  auto boom = http_request(kHost, port(), "GET", "/coro-boom");
  EXPECT_EQ(boom.status, 500u);
  EXPECT_EQ(boom.body.find("secret"), std::string::npos);
}

TEST_F(ServerTest, UnansweredRequestTimesOutWith503) {
  std::mutex mutex;
  std::vector<Responder> kept;
  router().add("GET", "/never", [&](Request, Responder responder) {
    std::lock_guard lock(mutex);
    kept.push_back(responder);
  });
  ServerOptions options;
  options.request_timeout = 300ms;
  start(options);
  HttpConnection connection(kHost, port());
  auto result = connection.request("GET", "/never");
  EXPECT_EQ(result.status, 503u);
  EXPECT_NE(result.body.find(R"("code":"timeout")"), std::string::npos);
  EXPECT_TRUE(connection.wait_closed(5s));
  std::lock_guard lock(mutex);
  ASSERT_EQ(kept.size(), 1u);
  kept[0].send(Response::text(200, "too late"));  // dropped quietly
}

TEST_F(ServerTest, ResponseHookSeesPatternStatusAndDuration) {
  std::mutex mutex;
  std::vector<std::pair<std::string, unsigned>> seen;
  router().add("GET", "/tickets/:id", text("ticket"));
  start();
  server().on_response([&](std::string_view pattern, unsigned status, std::chrono::nanoseconds d) {
    EXPECT_GE(d.count(), 0);
    std::lock_guard lock(mutex);
    seen.emplace_back(std::string(pattern), status);
  });
  EXPECT_EQ(http_request(kHost, port(), "GET", "/tickets/7").status, 200u);
  EXPECT_EQ(http_request(kHost, port(), "GET", "/nope").status, 404u);
  EXPECT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return seen.size() == 2;
  }));
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2u);
  // The hook runs once a response is written, on whichever thread wrote it, so the second
  // request's hook may run first.
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen[0], (std::pair<std::string, unsigned>{"", 404u}));
  EXPECT_EQ(seen[1], (std::pair<std::string, unsigned>{"/tickets/:id", 200u}));
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitAreClosed) {
  add_common_routes();
  ServerOptions options;
  options.max_connections = 1;
  start(options);
  HttpConnection first(kHost, port());
  EXPECT_EQ(first.request("GET", "/hello").status, 200u);
  HttpConnection second(kHost, port());
  EXPECT_TRUE(second.wait_closed(5s));
  EXPECT_EQ(first.request("GET", "/hello").status, 200u);
}

TEST_F(ServerTest, BindFailureNamesTheAddress) {
  start();
  ServerOptions options;
  options.host = kHost;
  options.port = port();
  Server second(io_, router_, options);
  try {
    second.start();
    FAIL() << "start() on a port in use succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace frontdesk::http::test
