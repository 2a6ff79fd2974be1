// SPDX-License-Identifier: Apache-2.0
#include "segments.hpp"

#include <gtest/gtest.h>

namespace frontdesk::sms {
namespace {

TEST(Segments, Gsm7SingleAndConcatenated) {
  EXPECT_EQ(count_segments("").segments, 1U);
  const auto one = count_segments(std::string(160, 'a'));
  EXPECT_EQ(one.encoding, "GSM-7");
  EXPECT_EQ(one.segments, 1U);
  EXPECT_EQ(count_segments(std::string(161, 'a')).segments, 2U);
  EXPECT_EQ(count_segments(std::string(306, 'a')).segments, 2U);
  EXPECT_EQ(count_segments(std::string(307, 'a')).segments, 3U);
}

TEST(Segments, ExtensionCharactersCostTwoSeptets) {
  const auto c = count_segments(std::string(80, '{') );
  EXPECT_EQ(c.encoding, "GSM-7");
  EXPECT_EQ(c.units, 160U);
  EXPECT_EQ(c.segments, 1U);
  EXPECT_EQ(count_segments("€" + std::string(159, 'a')).segments, 2U);
  EXPECT_EQ(count_segments("Café £5 @ Zürich").encoding, "GSM-7");
}

TEST(Segments, AnythingElseIsUcs2) {
  const auto c = count_segments("Привет");
  EXPECT_EQ(c.encoding, "UCS-2");
  EXPECT_EQ(c.units, 6U);
  EXPECT_EQ(c.segments, 1U);
  std::string seventy_one;
  for (int i = 0; i < 71; ++i) seventy_one += "ж";
  EXPECT_EQ(count_segments(seventy_one).segments, 2U);
  EXPECT_EQ(count_segments("ok \xF0\x9F\x98\x80").units, 5U) << "an emoji is a surrogate pair";
  EXPECT_EQ(count_segments("bad \xC3").encoding, "UCS-2") << "invalid UTF-8 is not GSM";
}

}  // namespace
}  // namespace frontdesk::sms
