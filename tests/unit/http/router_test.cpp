// SPDX-License-Identifier: Apache-2.0
#include "http/router.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "frontdesk/plugin.h"

namespace frontdesk::http {
namespace {

static_assert(Router::kAnonymousOnly == FD_ROUTE_ANONYMOUS_ONLY);

// A handler that answers with its own name, so tests see which route won.
Router::Handler named(std::string name) {
  return [name](Request request, Responder responder) {
    std::string body = name;
    for (const auto& value : request.params) {
      body += " " + value;
    }
    responder.send(Response::text(200, body));
  };
}

struct Dispatched {
  std::string_view pattern;
  Response response;
};

Dispatched dispatch(const Router& router, std::string method, std::string path,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  auto answer = std::make_shared<std::optional<Response>>();
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.headers = std::move(headers);
  Dispatched result;
  {
    Responder responder({}, [answer](Response response) { *answer = std::move(response); });
    result.pattern = router.dispatch(std::move(request), responder);
  }
  EXPECT_TRUE(answer->has_value());
  if (answer->has_value()) {
    result.response = std::move(**answer);
  }
  return result;
}

TEST(Router, LiteralSegmentBeatsParameterWhateverTheOrder) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/tickets/:id", named("show")));
  ASSERT_TRUE(router.add("GET", "/tickets/bulk", named("bulk")));

  auto bulk = router.find("GET", "/tickets/bulk", false);
  ASSERT_EQ(bulk.outcome, Router::Outcome::kMatched);
  EXPECT_EQ(bulk.match.pattern, "/tickets/bulk");
  EXPECT_TRUE(bulk.match.params.empty());

  auto show = router.find("GET", "/tickets/TKT-000042", false);
  ASSERT_EQ(show.outcome, Router::Outcome::kMatched);
  EXPECT_EQ(show.match.pattern, "/tickets/:id");
  ASSERT_EQ(show.match.params.size(), 1u);
  EXPECT_EQ(show.match.params[0], "TKT-000042");
}

TEST(Router, EarliestLiteralDecides) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/:a/b/c", named("param-first")));
  ASSERT_TRUE(router.add("GET", "/a/:b/c", named("literal-first")));
  EXPECT_EQ(dispatch(router, "GET", "/a/b/c").response.body, "literal-first b");
  EXPECT_EQ(dispatch(router, "GET", "/x/b/c").response.body, "param-first x");
}

TEST(Router, CapturesAndDecodesParameters) {
  Router router;
  ASSERT_TRUE(router.add("POST", "/api/v1/support/tickets/:id/messages/:message",
                         [](Request request, Responder responder) {
                           EXPECT_EQ(request.route_pattern,
                                     "/api/v1/support/tickets/:id/messages/:message");
                           EXPECT_EQ(request.param("id"), "TKT-7");
                           EXPECT_EQ(request.param("message"), "a b/c");
                           responder.send(Response::text(200, "ok"));
                         }));
  auto result = dispatch(router, "POST", "/api/v1/support/tickets/TKT-7/messages/a%20b%2Fc");
  EXPECT_EQ(result.response.status, 200u);
  EXPECT_EQ(result.pattern, "/api/v1/support/tickets/:id/messages/:message");

  auto lookup = router.find("POST", "/api/v1/support/tickets/TKT-7/messages/x", false);
  ASSERT_EQ(lookup.outcome, Router::Outcome::kMatched);
  ASSERT_EQ(lookup.match.param_names.size(), 2u);
  EXPECT_EQ(lookup.match.param_names[0], "id");
  EXPECT_EQ(lookup.match.param_names[1], "message");
}

TEST(Router, ParametersNeverMatchEmptySegmentsAndSlashesAreStrict) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/tickets/:id/messages", named("messages")));
  ASSERT_TRUE(router.add("GET", "/", named("root")));
  EXPECT_EQ(router.find("GET", "/tickets//messages", false).outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(router.find("GET", "/tickets/1/messages/", false).outcome,
            Router::Outcome::kNotFound);
  EXPECT_EQ(router.find("GET", "/tickets/1/messages", false).outcome, Router::Outcome::kMatched);
  EXPECT_EQ(router.find("GET", "/", false).outcome, Router::Outcome::kMatched);
  EXPECT_EQ(router.find("GET", "", false).outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(router.find("GET", "*", false).outcome, Router::Outcome::kNotFound);
}

TEST(Router, MalformedEscapeInParameterIs400) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/kb/articles/:slug", named("article")));
  EXPECT_EQ(router.find("GET", "/kb/articles/bad%zz", false).outcome, Router::Outcome::kBadPath);
  auto result = dispatch(router, "GET", "/kb/articles/bad%2");
  EXPECT_EQ(result.response.status, 400u);
  EXPECT_EQ(result.pattern, "");
}

TEST(Router, UnknownPathIs404) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/tickets", named("list")));
  auto result = dispatch(router, "GET", "/nothing/here");
  EXPECT_EQ(result.response.status, 404u);
  EXPECT_EQ(result.response.body,
            R"({"success":false,"error":{"code":"not_found","message":"No such resource."}})");
  EXPECT_EQ(result.pattern, "");
}

TEST(Router, KnownPathWithWrongMethodIs405WithAllow) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/tickets/:id", named("show")));
  ASSERT_TRUE(router.add("PUT", "/tickets/:id/close", named("close")));
  ASSERT_TRUE(router.add("POST", "/tickets/:id", named("other")));
  auto result = dispatch(router, "DELETE", "/tickets/7");
  EXPECT_EQ(result.response.status, 405u);
  ASSERT_EQ(result.response.headers.size(), 1u);
  EXPECT_EQ(result.response.headers[0].first, "Allow");
  EXPECT_EQ(result.response.headers[0].second, "GET, HEAD, POST");
  EXPECT_NE(result.response.body.find(R"("code":"method_not_allowed")"), std::string::npos);
}

TEST(Router, HeadUsesTheGetRoute) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/healthz", named("health")));
  auto lookup = router.find("HEAD", "/healthz", false);
  ASSERT_EQ(lookup.outcome, Router::Outcome::kMatched);
  EXPECT_EQ(lookup.match.pattern, "/healthz");
  ASSERT_TRUE(router.add("HEAD", "/healthz", named("head")));
  EXPECT_EQ(dispatch(router, "HEAD", "/healthz").response.body, "head");
}

TEST(Router, ClashesAreRefused) {
  Router router;
  EXPECT_TRUE(router.add("GET", "/tickets/:id", named("a")));
  EXPECT_FALSE(router.add("GET", "/tickets/:ticket", named("b")));  // same shape
  EXPECT_TRUE(router.add("POST", "/tickets/:id", named("c")));      // other method
  EXPECT_TRUE(router.add("GET", "/tickets/bulk", named("d")));      // other shape
  EXPECT_FALSE(router.add("GET", "/tickets/bulk", named("e")));
  EXPECT_TRUE(router.add("GET", "/tickets/:id", named("f"), Router::kAnonymousOnly));
  EXPECT_FALSE(router.add("GET", "/tickets/:other", named("g"), Router::kAnonymousOnly));
  EXPECT_EQ(router.size(), 4u);
  EXPECT_EQ(dispatch(router, "GET", "/tickets/1", {{"Authorization", "Bearer t"}}).response.body,
            "a 1");
}

TEST(Router, MalformedPatternsThrow) {
  Router router;
  EXPECT_THROW(router.add("GET", "tickets", named("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/tickets/:", named("x")), std::invalid_argument);
  EXPECT_THROW(router.add("", "/tickets", named("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/tickets", Router::Handler{}), std::invalid_argument);
}

class AnonymousOnly : public ::testing::TestWithParam<bool> {};

TEST_P(AnonymousOnly, PluginRouteOnlyWithoutAuthorization) {
  Router router;
  // Both registration orders must give the same result.
  if (GetParam()) {
    ASSERT_TRUE(router.add("POST", "/api/v1/support/tickets", named("core")));
    ASSERT_TRUE(router.add("POST", "/api/v1/support/tickets", named("webform"),
                           Router::kAnonymousOnly));
  } else {
    ASSERT_TRUE(router.add("POST", "/api/v1/support/tickets", named("webform"),
                           Router::kAnonymousOnly));
    ASSERT_TRUE(router.add("POST", "/api/v1/support/tickets", named("core")));
  }
  EXPECT_EQ(dispatch(router, "POST", "/api/v1/support/tickets").response.body, "webform");
  EXPECT_EQ(dispatch(router, "POST", "/api/v1/support/tickets",
                     {{"authorization", "Bearer fdc_x"}})
                .response.body,
            "core");
}

INSTANTIATE_TEST_SUITE_P(BothOrders, AnonymousOnly, ::testing::Bool());

TEST(Router, AnonymousOnlyRouteAloneIsSkippedWithAuthorization) {
  Router router;
  ASSERT_TRUE(router.add("POST", "/forms/contact", named("form"), Router::kAnonymousOnly));
  ASSERT_TRUE(router.add("GET", "/forms/contact", named("page")));
  EXPECT_EQ(dispatch(router, "POST", "/forms/contact").response.body, "form");
  auto with_auth = dispatch(router, "POST", "/forms/contact", {{"Authorization", "Bearer t"}});
  EXPECT_EQ(with_auth.response.status, 405u);
  EXPECT_EQ(with_auth.response.headers.at(0).second, "GET, HEAD");

  Router only;
  ASSERT_TRUE(only.add("POST", "/forms/contact", named("form"), Router::kAnonymousOnly));
  EXPECT_EQ(dispatch(only, "POST", "/forms/contact", {{"Authorization", "x"}}).response.status,
            404u);
}

TEST(Router, ThrowingHandlerGets500WithoutItsMessage) {
  Router router;
  ASSERT_TRUE(router.add("GET", "/boom", [](Request, Responder) -> void {
    throw std::runtime_error("secret database detail");
  }));
  auto result = dispatch(router, "GET", "/boom");
  EXPECT_EQ(result.response.status, 500u);
  EXPECT_EQ(result.response.body.find("secret"), std::string::npos);
  EXPECT_NE(result.response.body.find("internal_error"), std::string::npos);
}

boost::asio::awaitable<Response> answer_later(Request request) {
  auto executor = co_await boost::asio::this_coro::executor;
  co_await boost::asio::post(executor, boost::asio::use_awaitable);
  co_return Response::text(200, "coro " + std::string(request.param("id").value_or("?")));
}

TEST(Router, CoroutineRoutes) {
  Router router;
  ASSERT_TRUE(router.add_coro("GET", "/coro/:id", answer_later));
  ASSERT_TRUE(router.add_coro("GET", "/coro-boom", [](Request) -> boost::asio::awaitable<Response> {
    co_await boost::asio::post(co_await boost::asio::this_coro::executor,
                               boost::asio::use_awaitable);
    throw std::runtime_error("secret");
  }));

  boost::asio::io_context io;
  auto run = [&](std::string path) {
    auto answer = std::make_shared<std::optional<Response>>();
    Request request;
    request.method = "GET";
    request.path = std::move(path);
    router.dispatch(std::move(request), Responder(io.get_executor(), [answer](Response r) {
                      *answer = std::move(r);
                    }));
    EXPECT_FALSE(answer->has_value());  // nothing runs before the io_context does
    io.restart();
    io.run();
    return answer->value_or(Response{});
  };
  auto ok = run("/coro/42");
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.body, "coro 42");
  auto boom = run("/coro-boom");
  EXPECT_EQ(boom.status, 500u);
  EXPECT_EQ(boom.body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace frontdesk::http
