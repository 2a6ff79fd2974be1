// SPDX-License-Identifier: Apache-2.0
#include "provider/channel_config.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace frontdesk::provider {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ChannelConfig, ReadsValuesAndFallsBack) {
  const ChannelConfig c("demo", R"({"name":"x","count":7})");
  EXPECT_EQ(c.text("name", "fallback"), "x");
  EXPECT_EQ(c.text("missing", "fallback"), "fallback");
  EXPECT_EQ(c.integer("count", 1, 0, 10), 7);
  EXPECT_EQ(c.millis("missing", 250, 0, 1000).count(), 250);
  EXPECT_EQ(c.base_url("api", "https://api.example.com//"), "https://api.example.com");
}

TEST(ChannelConfig, ErrorsNameTheKey) {
  EXPECT_EQ(error_of([] { ChannelConfig("demo", "[1]"); }),
            "channels.demo: configuration is not a JSON object");
  const ChannelConfig c("demo", R"({"name":3,"count":70})");
  EXPECT_EQ(error_of([&] { (void)c.text("name", ""); }), "channels.demo.name must be a string");
  EXPECT_EQ(error_of([&] { (void)c.integer("count", 1, 0, 10); }),
            "channels.demo.count must be an integer between 0 and 10");
  EXPECT_EQ(error_of([&] { c.require("token", ""); }), "channels.demo.token must be set");
  EXPECT_EQ(error_of([&] { c.require_url("hook", "ftp://x"); }),
            "channels.demo.hook must be an http:// or https:// URL");
  EXPECT_EQ(error_of([&] { (void)c.base_url("api", "/"); }),
            "channels.demo.api must be an http:// or https:// URL");
}

}  // namespace
}  // namespace frontdesk::provider
