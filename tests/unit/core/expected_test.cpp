// SPDX-License-Identifier: Apache-2.0
#include "core/expected.hpp"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk::core {
namespace {

Expected<int, std::string> half(int value) {
  if (value % 2 != 0) {
    return Unexpected(std::to_string(value) + " is odd");
  }
  return value / 2;
}

TEST(Expected, HoldsAValue) {
  const auto result = half(8);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result.has_value());
  EXPECT_EQ(*result, 4);
  EXPECT_EQ(result.value(), 4);
}

TEST(Expected, HoldsAnError) {
  const auto result = half(7);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "7 is odd");
  EXPECT_THROW((void)result.value(), BadExpectedAccess);
  try {
    (void)result.value();
  } catch (const BadExpectedAccess& e) {
    EXPECT_STREQ(e.what(), "Expected has no value: 7 is odd");
  }
}

TEST(Expected, SameTypeForValueAndError) {
  const Expected<std::string, std::string> ok = std::string("value");
  const Expected<std::string, std::string> bad = Unexpected(std::string("error"));
  EXPECT_EQ(*ok, "value");
  EXPECT_EQ(ok->size(), 5U);
  EXPECT_EQ(bad.error(), "error");
}

TEST(Expected, MovesTheValueOut) {
  Expected<std::string, int> result = std::string(100, 'x');
  const std::string taken = std::move(result).value();
  EXPECT_EQ(taken.size(), 100U);
}

TEST(Expected, Void) {
  const Expected<void, int> ok;
  const Expected<void, int> bad = Unexpected(3);
  EXPECT_TRUE(ok);
  EXPECT_NO_THROW(ok.value());
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error(), 3);
  EXPECT_THROW(bad.value(), BadExpectedAccess);
}

}  // namespace
}  // namespace frontdesk::core
