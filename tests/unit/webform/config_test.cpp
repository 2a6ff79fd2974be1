// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace frontdesk::webform {
namespace {

std::string error_of(const std::string& json) {
  try {
    static_cast<void>(parse_config(json));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(WebformConfig, DefaultsWhenKeysAreMissing) {
  const Config config = parse_config("{}");
  EXPECT_EQ(config.rate_limit_per_minute, 10U);
  EXPECT_EQ(config.max_attachment_bytes, 10485760U);
  EXPECT_EQ(config.max_attachments, 10U);
  EXPECT_EQ(config.title, "");  // the catalogue's heading, in the visitor's language
}

TEST(WebformConfig, ReadsEveryKey) {
  const Config config = parse_config(
      R"({"rate_limit_per_minute":3,"max_attachment_bytes":2048,"max_attachments":0,"title":" Hilfe "})");
  EXPECT_EQ(config.rate_limit_per_minute, 3U);
  EXPECT_EQ(config.max_attachment_bytes, 2048U);
  EXPECT_EQ(config.max_attachments, 0U);
  EXPECT_EQ(config.title, "Hilfe");
}

TEST(WebformConfig, RefusesBadValuesNamingTheKey) {
  EXPECT_EQ(error_of(R"({"rate_limit_per_minute":0})"),
            "channels.webform.rate_limit_per_minute must be between 1 and 1000000");
  EXPECT_EQ(error_of(R"({"rate_limit_per_minute":"ten"})"),
            "channels.webform.rate_limit_per_minute must be an integer between 1 and 1000000");
  EXPECT_EQ(error_of(R"({"max_attachment_bytes":-1})"),
            "channels.webform.max_attachment_bytes must be between 1 and 1073741824");
  EXPECT_EQ(error_of(R"({"max_attachments":18446744073709551615})"),
            "channels.webform.max_attachments must be between 0 and 100");
  EXPECT_EQ(error_of(R"({"max_attachments":1.5})"),
            "channels.webform.max_attachments must be an integer between 0 and 100");
  EXPECT_EQ(error_of(R"({"title":7})"), "channels.webform.title must be a string of at most 200 characters");
  EXPECT_EQ(error_of("[]"), "the webform configuration is not a JSON object");
  EXPECT_EQ(error_of("{"), "the webform configuration is not a JSON object");
}

}  // namespace
}  // namespace frontdesk::webform
