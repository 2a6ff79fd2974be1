// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <gtest/gtest.h>

namespace frontdesk::whatsapp {
namespace {

constexpr const char* kComplete =
    R"({"phone_number_id":"1","access_token":"t","app_secret":"s","verify_token":"v","api_base":"http://127.0.0.1:9/v19.0/","template_name":"","template_language":"en","http_timeout_ms":5000,"max_media_bytes":1024})";

TEST(WhatsAppConfig, ReadsEveryKey) {
  const auto c = parse_config(kComplete);
  EXPECT_EQ(c.phone_number_id, "1");
  EXPECT_EQ(c.api_base, "http://127.0.0.1:9/v19.0") << "trailing slash dropped";
  EXPECT_EQ(c.http_timeout.count(), 5000);
  EXPECT_EQ(c.max_media_bytes, 1024U);
}

TEST(WhatsAppConfig, RequiresCredentials) {
  try {
    (void)parse_config(R"({"phone_number_id":"1","access_token":"t","app_secret":"","verify_token":"v"})");
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "channels.whatsapp.app_secret must be set");
  }
}

TEST(WhatsAppConfig, RefusesOtherSchemes) {
  EXPECT_THROW((void)parse_config(R"({"phone_number_id":"1","access_token":"t","app_secret":"s","verify_token":"v","api_base":"ftp://x"})"),
               std::invalid_argument);
}

}  // namespace
}  // namespace frontdesk::whatsapp
