// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <stdexcept>

#include "config.hpp"

namespace frontdesk::livechat {
namespace {

TEST(LivechatConfig, DefaultsAndOrigins) {
  const auto config = parse_config(R"({"allowed_origins":["https://shop.example","http://localhost:8080"]})");
  EXPECT_EQ(config.max_message_chars, 5000u);
  EXPECT_EQ(config.messages_per_minute, 30);
  EXPECT_TRUE(config.identity_secret.empty());
  EXPECT_EQ(config.allowed_origins.size(), 2u);
}

TEST(LivechatConfig, AnOriginWithAPathOrAnotherSchemeIsRefused) {
  for (const char* bad : {R"({"allowed_origins":["https://shop.example/"]})", R"({"allowed_origins":["shop.example"]})",
                          R"({"allowed_origins":["ftp://shop.example"]})", R"({"allowed_origins":[3]})",
                          R"({"allowed_origins":"https://shop.example"})",
                          R"({"allowed_origins":["https://user@shop.example"]})", R"({"max_message_chars":0})"}) {
    EXPECT_THROW(parse_config(bad), std::invalid_argument) << bad;
  }
}

TEST(LivechatConfig, OriginsMatchExactlyOrTheDaemonsOwnHost) {
  const auto listed = parse_config(R"({"allowed_origins":["https://shop.example"]})");
  EXPECT_TRUE(origin_allowed(listed, "https://shop.example", "desk.example"));
  EXPECT_FALSE(origin_allowed(listed, "http://shop.example", "desk.example"));
  EXPECT_FALSE(origin_allowed(listed, "https://shop.example.evil", "desk.example"));
  EXPECT_FALSE(origin_allowed(listed, "https://desk.example", "desk.example"));
  EXPECT_TRUE(origin_allowed(listed, "", "desk.example"));  // not a browser

  const auto own = parse_config("{}");
  EXPECT_TRUE(origin_allowed(own, "https://desk.example", "desk.example"));
  EXPECT_TRUE(origin_allowed(own, "http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_FALSE(origin_allowed(own, "https://evil.example", "desk.example"));
  EXPECT_FALSE(origin_allowed(own, "https://desk.example", ""));
}

}  // namespace
}  // namespace frontdesk::livechat
