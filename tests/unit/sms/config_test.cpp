// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <gtest/gtest.h>

namespace frontdesk::sms {
namespace {

std::string error_of(std::string_view json) {
  try {
    (void)parse_config(json);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(SmsConfig, ReadsEveryKey) {
  const auto c = parse_config(
      R"({"account_sid":"AC1","auth_token":"t","from":"+15005550006","api_base":"http://127.0.0.1:9//",)"
      R"("public_url":"https://desk.example.com/webhooks/sms","http_timeout_ms":5000,"max_media_bytes":4096})");
  EXPECT_EQ(c.account_sid, "AC1");
  EXPECT_EQ(c.from, "+15005550006");
  EXPECT_EQ(c.api_base, "http://127.0.0.1:9") << "trailing slashes dropped";
  EXPECT_EQ(c.http_timeout.count(), 5000);
  EXPECT_EQ(c.max_media_bytes, 4096U);
  const auto defaults = parse_config(
      R"({"account_sid":"AC1","auth_token":"t","from":"+1","public_url":"https://d/s"})");
  EXPECT_EQ(defaults.api_base, "https://api.twilio.com");
  EXPECT_EQ(defaults.max_media_bytes, 5U * 1024U * 1024U);
}

TEST(SmsConfig, NamesTheWrongKey) {
  EXPECT_EQ(error_of("[]"), "channels.sms: configuration is not a JSON object");
  EXPECT_EQ(error_of(R"({"account_sid":"AC1","auth_token":"t","from":"+1"})"),
            "channels.sms.public_url must be set");
  EXPECT_EQ(error_of(R"({"account_sid":1})"), "channels.sms.account_sid must be a string");
  EXPECT_EQ(
      error_of(
          R"({"account_sid":"AC1","auth_token":"t","from":"+1","public_url":"https://d/s","max_media_bytes":0})"),
      "channels.sms.max_media_bytes must be an integer between 1 and 1073741824");
  EXPECT_EQ(error_of(R"({"account_sid":"AC1","auth_token":"t","from":"+1","public_url":"desk/s"})"),
            "channels.sms.public_url must be an http:// or https:// URL");
}

}  // namespace
}  // namespace frontdesk::sms
