// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "provider/signatures.hpp"
#include "visitor.hpp"

namespace frontdesk::livechat {
namespace {

TEST(LivechatVisitor, AnAnonymousTokenBecomesADigestNeverTheTokenItself) {
  const std::string token = "Zx81_random-token-abcdefgh";
  const auto who = identify(token, "", "", "");
  ASSERT_TRUE(std::holds_alternative<Visitor>(who));
  const auto& visitor = std::get<Visitor>(who);
  EXPECT_FALSE(visitor.verified);
  EXPECT_EQ(visitor.identity.size(), 2u + 32u);
  EXPECT_EQ(visitor.identity.rfind("v-", 0), 0u);
  EXPECT_EQ(visitor.identity.find(token), std::string::npos);
  EXPECT_EQ(std::get<Visitor>(identify(token, "", "", "")).identity, visitor.identity);  // stable
  EXPECT_NE(std::get<Visitor>(identify(token + "x", "", "", "")).identity, visitor.identity);
}

TEST(LivechatVisitor, MalformedTokensAreRefused) {
  for (const std::string& bad : std::vector<std::string>{"", "short", std::string(129, 'a'), std::string(30, 'a') + " ",
                                                          std::string(30, 'a') + "/"}) {
    const auto who = identify(bad, "", "", "");
    ASSERT_TRUE(std::holds_alternative<Refusal>(who)) << bad;
    EXPECT_EQ(std::get<Refusal>(who).status, 400u);
  }
}

TEST(LivechatVisitor, ASignedUserIsVerifiedAndAForgedOneRefused) {
  const std::string secret = "s3cret";
  const auto hash = provider::hmac_sha256_hex(secret, "alice@shop");
  const auto who = identify("", "alice@shop", hash, secret);
  ASSERT_TRUE(std::holds_alternative<Visitor>(who));
  EXPECT_EQ(std::get<Visitor>(who).identity, "u-alice@shop");
  EXPECT_TRUE(std::get<Visitor>(who).verified);

  std::string upper = hash;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(std::holds_alternative<Visitor>(identify("", "alice@shop", upper, secret)));

  EXPECT_EQ(std::get<Refusal>(identify("", "mallory", hash, secret)).status, 403u);
  EXPECT_EQ(std::get<Refusal>(identify("", "alice@shop", hash, "")).status, 403u);  // not enabled
  EXPECT_EQ(std::get<Refusal>(identify("", "alice@shop", "", secret)).status, 403u);
  EXPECT_EQ(std::get<Refusal>(identify("", std::string("a\nb"), hash, secret)).status, 400u);
}

}  // namespace
}  // namespace frontdesk::livechat
