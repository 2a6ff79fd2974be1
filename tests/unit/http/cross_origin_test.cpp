// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "http/cross_origin.hpp"

namespace frontdesk::http {
namespace {

TEST(CrossOrigin, OnlyListedOriginsReadListedPaths) {
  const CrossOrigin policy{{"https://shop.example"},
                           {"/api/v1/support/kb/", "/api/v1/support/tickets"}};
  EXPECT_EQ(policy.allowed("https://shop.example", "/api/v1/support/kb/suggest"),
            "https://shop.example");
  EXPECT_EQ(policy.allowed("https://shop.example", "/api/v1/support/tickets"),
            "https://shop.example");
  EXPECT_FALSE(policy.allowed("https://shop.example", "/api/v1/support/tickets/12"));
  EXPECT_FALSE(policy.allowed("https://shop.example", "/api/v1/support/kbx"));
  EXPECT_FALSE(policy.allowed("https://evil.example", "/api/v1/support/kb/suggest"));
  EXPECT_FALSE(policy.allowed(std::nullopt, "/api/v1/support/kb/suggest"));
  EXPECT_FALSE(CrossOrigin{}.allowed("https://shop.example", "/api/v1/support/kb/suggest"));
}

}  // namespace
}  // namespace frontdesk::http
