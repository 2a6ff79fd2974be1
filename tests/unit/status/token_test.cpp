// SPDX-License-Identifier: Apache-2.0
#include "status/subscription_token.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace frontdesk::status {
namespace {

TEST(SubscriptionToken, VerifiesOnlyWithItsSecretNonceAndPurpose) {
  const auto token = make_token("secret", 42, TokenPurpose::unsubscribe, "nonce-1");
  EXPECT_TRUE(token.starts_with("42.u."));
  EXPECT_TRUE(token_matches("secret", token, "nonce-1"));
  EXPECT_FALSE(token_matches("other secret", token, "nonce-1"));
  EXPECT_FALSE(token_matches("secret", token, "nonce-2"));  // spent: the nonce changed
  auto other_purpose = token;
  other_purpose[3] = 'c';
  EXPECT_FALSE(token_matches("secret", other_purpose, "nonce-1"));
  auto other_subscriber = "43" + token.substr(2);
  EXPECT_FALSE(token_matches("secret", other_subscriber, "nonce-1"));
}

TEST(SubscriptionToken, ReadsOnlyItsShape) {
  const auto token = make_token("s", 7, TokenPurpose::confirm, "n");
  const auto claim = read_token(token);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->subscriber, 7);
  EXPECT_EQ(claim->purpose, TokenPurpose::confirm);
  const std::string tail = token.substr(4);
  for (const std::string& bad : std::vector<std::string>{"", "7", "7.c", "7.x." + tail, "-7.c." + tail, "x.c." + tail, token + "0", token.substr(0, token.size() - 1),
                          "99999999999999999999.c." + tail}) {
    EXPECT_FALSE(read_token(bad)) << bad;
  }
}

}  // namespace
}  // namespace frontdesk::status
