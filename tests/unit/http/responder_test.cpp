// SPDX-License-Identifier: Apache-2.0
#include "http/responder.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace frontdesk::http {
namespace {

struct Sink {
  std::vector<Response> responses;
};

Responder make_responder(const std::shared_ptr<Sink>& sink) {
  return Responder({}, [sink](Response response) {
    sink->responses.push_back(std::move(response));
  });
}

TEST(Responder, OnlyTheFirstSendCounts) {
  auto sink = std::make_shared<Sink>();
  {
    auto responder = make_responder(sink);
    auto copy = responder;
    EXPECT_FALSE(responder.sent());
    copy.send(Response::text(201, "first"));
    responder.send(Response::text(202, "second"));
    EXPECT_TRUE(responder.sent());
  }
  ASSERT_EQ(sink->responses.size(), 1u);
  EXPECT_EQ(sink->responses[0].status, 201u);
}

TEST(Responder, DroppingEveryCopySends500) {
  auto sink = std::make_shared<Sink>();
  {
    auto responder = make_responder(sink);
    auto copy = responder;
    auto moved = std::move(copy);  // a "moved-from" handle stays valid
    EXPECT_FALSE(copy.sent());
  }
  ASSERT_EQ(sink->responses.size(), 1u);
  EXPECT_EQ(sink->responses[0].status, 500u);
  EXPECT_EQ(sink->responses[0].body,
            R"({"success":false,"error":{"code":"internal_error","message":"The request handler did not respond."}})");
}

TEST(Responder, SendFromAnotherThread) {
  auto sink = std::make_shared<Sink>();
  {
    auto responder = make_responder(sink);
    std::thread worker([responder] { responder.send(Response::text(200, "done")); });
    worker.join();
  }
  ASSERT_EQ(sink->responses.size(), 1u);
  EXPECT_EQ(sink->responses[0].body, "done");
}

}  // namespace
}  // namespace frontdesk::http
