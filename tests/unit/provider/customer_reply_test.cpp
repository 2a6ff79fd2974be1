// SPDX-License-Identifier: Apache-2.0
#include "provider/customer_reply.hpp"
#include "provider/form.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace frontdesk::provider {
namespace {

TEST(CustomerReply, DigitsAnswerSurveys) {
  EXPECT_EQ(classify_reply("4").survey_answer, 4);
  EXPECT_EQ(classify_reply("  5!\n").survey_answer, 5);
  EXPECT_FALSE(classify_reply("6").survey_answer);
  EXPECT_FALSE(classify_reply("0").survey_answer);
  EXPECT_FALSE(classify_reply("45").survey_answer);
  EXPECT_FALSE(classify_reply("4 stars").survey_answer);
}

TEST(CustomerReply, Commands) {
  EXPECT_EQ(classify_reply("STATUS").command, "status");
  EXPECT_EQ(classify_reply(" Agent ").command, "agent");
  EXPECT_EQ(classify_reply("close.").command, "close");
  EXPECT_EQ(classify_reply("please close my ticket").command, "");
}

TEST(CustomerReply, Metadata) {
  boost::json::object meta;
  add_reply_metadata(classify_reply("3"), meta);
  EXPECT_EQ(boost::json::serialize(meta), R"({"surveyAnswer":3})");
  boost::json::object none;
  add_reply_metadata(classify_reply("hello"), none);
  EXPECT_TRUE(none.empty());
}

TEST(Form, DecodesPlusAndPercent) {
  const auto params = parse_form("Body=Hello+world%21&From=%2B14155550100&Empty=&Flag");
  ASSERT_TRUE(params);
  EXPECT_EQ(form_value(*params, "Body"), "Hello world!");
  EXPECT_EQ(form_value(*params, "From"), "+14155550100");
  EXPECT_EQ(form_value(*params, "Empty"), "");
  EXPECT_EQ(params->size(), 4U);
  EXPECT_FALSE(parse_form("a=%zz"));
}

TEST(Form, EncodesEverythingOutsideUnreserved) {
  EXPECT_EQ(encode_form({{"To", "+1 555"}, {"Body", "a&b=c"}}), "To=%2B1%20555&Body=a%26b%3Dc");
}

}  // namespace
}  // namespace frontdesk::provider
