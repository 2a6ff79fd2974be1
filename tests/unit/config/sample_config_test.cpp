// SPDX-License-Identifier: Apache-2.0
// The commented sample configuration shipped at config/frontdesk.yaml must always load.
#include <gtest/gtest.h>

#include <filesystem>

#include "config/channel_config.hpp"
#include "config/config_loader.hpp"

namespace frontdesk::config {
namespace {

namespace fs = std::filesystem;

const fs::path sample_path = fs::path(FRONTDESK_SOURCE_DIR) / "config" / "frontdesk.yaml";

TEST(SampleConfig, LoadsWithTheDevelopmentSettings) {
  const Config config = load_config(sample_path);
  EXPECT_EQ(config.listen.to_string(), "127.0.0.1:8080");
  EXPECT_EQ(config.state_dir, fs::current_path() / "var");
  EXPECT_EQ(config.plugins_dir, fs::current_path() / "build" / "dev" / "plugins");
  EXPECT_EQ(config.rules_dir, fs::current_path() / "rules");
  EXPECT_EQ(config.database.url, "");
  EXPECT_EQ(config.database.pool_size, 8);
  EXPECT_EQ(config.log_level, LogLevel::info);
  EXPECT_EQ(config.http.body_limit, 16U * 1024 * 1024);
  EXPECT_EQ(config.sla.policies.size(), 0U);

  ASSERT_EQ(config.channels.size(), 5U);
  EXPECT_TRUE(config.channels.at("webform").enabled);
  EXPECT_FALSE(config.channels.at("email").enabled);
  EXPECT_FALSE(config.channels.at("whatsapp").enabled);
  EXPECT_FALSE(config.channels.at("sms").enabled);
  EXPECT_FALSE(config.channels.at("livechat").enabled);
  for (const auto& [name, channel] : config.channels) {
    EXPECT_GT(channel.line, 0) << name;
  }
}

TEST(SampleConfig, WebformSettingsMatchTheDocumentedKey) {
  const Config config = load_config(sample_path);
  constexpr fd_config_key keys[] = {
      {"rate_limit_per_minute", FD_CONFIG_INT, "10", "submissions per IP and minute"},
  };
  std::vector<std::string> errors;
  const std::string json = validate_channel_settings(config.channels.at("webform"), keys, errors);
  EXPECT_TRUE(errors.empty()) << testing::PrintToString(errors);
  EXPECT_EQ(json, R"({"rate_limit_per_minute":10})");
}

}  // namespace
}  // namespace frontdesk::config
