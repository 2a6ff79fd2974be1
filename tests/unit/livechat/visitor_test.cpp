// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "provider/signatures.hpp"
#include "visitor.hpp"

namespace frontdesk::livechat {
namespace {

TEST(LivechatVisitor, AnAnonymousTokenBecomesADigestNeverTheTokenItself) {
  const std::string token = "Zx81_random-token-abcdefgh";
  const auto who = identify(token, std::nullopt, "", "");
  ASSERT_TRUE(std::holds_alternative<Visitor>(who));
  const auto& visitor = std::get<Visitor>(who);
  EXPECT_FALSE(visitor.verified);
  EXPECT_EQ(visitor.identity.size(), 2u + 32u);
  EXPECT_EQ(visitor.identity.rfind("v-", 0), 0u);
  EXPECT_EQ(visitor.identity.find(token), std::string::npos);
  EXPECT_EQ(std::get<Visitor>(identify(token, std::nullopt, "", "")).identity, visitor.identity);  // stable
  EXPECT_NE(std::get<Visitor>(identify(token + "x", std::nullopt, "", "")).identity, visitor.identity);
  EXPECT_EQ(visitor.token, token);
}

TEST(LivechatVisitor, ANewVisitorGetsANewRandomToken) {
  const auto first = std::get<Visitor>(identify("", std::nullopt, "", ""));
  const auto second = std::get<Visitor>(identify("", std::nullopt, "", ""));
  EXPECT_EQ(first.token.size(), 32u);
  EXPECT_NE(first.token, second.token);
  EXPECT_NE(first.identity, second.identity);
  // The token it was given identifies it next time.
  EXPECT_EQ(std::get<Visitor>(identify(first.token, std::nullopt, "", "")).identity, first.identity);
}

TEST(LivechatVisitor, MalformedTokensAreRefused) {
  for (const std::string& bad : std::vector<std::string>{"short", std::string(129, 'a'), std::string(30, 'a') + " ",
                                                          std::string(30, 'a') + "/"}) {
    const auto who = identify(bad, std::nullopt, "", "");
    ASSERT_TRUE(std::holds_alternative<Refusal>(who)) << bad;
    EXPECT_EQ(std::get<Refusal>(who).code, "bad_frame");
  }
}

TEST(LivechatVisitor, ASignedUserIsVerifiedAndAForgedOneRefused) {
  const std::string secret = "s3cret";
  const auto hash = provider::hmac_sha256_hex(secret, "alice@shop");
  const auto who = identify("", std::string("alice@shop"), hash, secret);
  ASSERT_TRUE(std::holds_alternative<Visitor>(who));
  EXPECT_EQ(std::get<Visitor>(who).identity, "u-alice@shop");
  EXPECT_TRUE(std::get<Visitor>(who).verified);
  EXPECT_EQ(std::get<Visitor>(who).token, "");

  std::string upper = hash;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(std::holds_alternative<Visitor>(identify("", std::string("alice@shop"), upper, secret)));

  EXPECT_EQ(std::get<Refusal>(identify("", std::string("mallory"), hash, secret)).code, "forbidden");
  EXPECT_EQ(std::get<Refusal>(identify("", std::string("alice@shop"), hash, "")).code, "forbidden");  // not enabled
  EXPECT_EQ(std::get<Refusal>(identify("", std::string("alice@shop"), "", secret)).code, "forbidden");
  EXPECT_EQ(std::get<Refusal>(identify("", std::string("a\nb"), hash, secret)).code, "bad_frame");
}

}  // namespace
}  // namespace frontdesk::livechat
