// SPDX-License-Identifier: Apache-2.0
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "storage/params.hpp"

namespace frontdesk::storage {
namespace {

TEST(Params, FormatsEveryScalarAsText) {
  const std::string owned = "owned";
  const std::string_view view = "view";
  const Params p(std::int64_t{-42}, 7u, std::int16_t{3}, true, false, 0.1, owned, view, "literal");
  ASSERT_EQ(p.size(), 9u);
  EXPECT_EQ(*p[0], "-42");
  EXPECT_EQ(*p[1], "7");
  EXPECT_EQ(*p[2], "3");
  EXPECT_EQ(*p[3], "true");
  EXPECT_EQ(*p[4], "false");
  EXPECT_EQ(*p[5], "0.1");  // shortest text that reads back as the same double
  EXPECT_EQ(*p[6], "owned");
  EXPECT_EQ(*p[7], "view");
  EXPECT_EQ(*p[8], "literal");
}

TEST(Params, SpellsSpecialDoublesThePostgresWay) {
  const Params p(std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                 std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(*p[0], "Infinity");
  EXPECT_EQ(*p[1], "-Infinity");
  EXPECT_EQ(*p[2], "NaN");
  EXPECT_EQ(*p[3], "-9223372036854775808");
}

TEST(Params, NulloptAndEmptyOptionalsAreNull) {
  Params p;
  p.add(std::nullopt).add(std::optional<int>{}).add(std::optional<std::string>{"x"}).add_null();
  ASSERT_EQ(p.size(), 4u);
  EXPECT_FALSE(p[0].has_value());
  EXPECT_FALSE(p[1].has_value());
  EXPECT_EQ(*p[2], "x");
  EXPECT_FALSE(p[3].has_value());
  const auto pointers = p.pointers();
  EXPECT_EQ(pointers[0], nullptr);
  EXPECT_STREQ(pointers[2], "x");
}

TEST(Params, RefusesWhatTextParametersCannotCarry) {
  Params p;
  EXPECT_THROW(p.add(std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW(p.add(static_cast<const char*>(nullptr)), std::invalid_argument);
  EXPECT_TRUE(p.empty());
}

}  // namespace
}  // namespace frontdesk::storage
