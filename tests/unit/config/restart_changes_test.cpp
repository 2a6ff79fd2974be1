// SPDX-License-Identifier: Apache-2.0
#include "config/restart_changes.hpp"

#include <gtest/gtest.h>

namespace frontdesk::config {
namespace {

using Keys = std::vector<std::string>;

constexpr std::string_view kStarted = R"(
listen: 127.0.0.1:8080
log: { level: info }
rules: { dir: ./rules }
database: { url: "host=/tmp dbname=fd" }
channels:
  webform: { enabled: true }
  whatsapp: { enabled: true, app_secret: s3cret-one, verify_token: v }
)";

TEST(RestartChanges, NoneWhenOnlyReloadableSettingsOrSpellingChange) {
  EXPECT_EQ(changes_needing_restart(kStarted, kStarted), Keys{});
  const std::string_view respelled = R"(
# the same settings, written otherwise
listen: "127.0.0.1:8080"
log: { level: debug }
rules: { dir: ./other-rules }
sla: { policies: {} }
database:
  url: host=/tmp dbname=fd
channels:
  whatsapp: { verify_token: v, app_secret: 's3cret-one', enabled: true }
  webform:
    enabled: true
)";
  EXPECT_EQ(changes_needing_restart(kStarted, respelled), Keys{});
}

TEST(RestartChanges, NamesEachChangedSettingButNoValue) {
  const std::string_view fresh = R"(
listen: 127.0.0.1:9090
log: { level: info }
rules: { dir: ./rules }
database: { url: "host=/tmp dbname=fd" }
channels:
  webform: { enabled: true }
  whatsapp: { enabled: true, app_secret: s3cret-two, verify_token: v }
  sms: { enabled: true }
threads: 2
)";
  const auto changed = changes_needing_restart(kStarted, fresh);
  EXPECT_EQ(changed, (Keys{"channels.sms", "channels.whatsapp", "listen", "threads"}));
  for (const auto& key : changed) EXPECT_EQ(key.find("s3cret"), std::string::npos);
  // A removed setting counts too.
  EXPECT_EQ(changes_needing_restart(kStarted, "log: { level: info }\nrules: { dir: ./rules }\n"),
            (Keys{"channels.webform", "channels.whatsapp", "database", "listen"}));
}

TEST(RestartChanges, KeysARunningPluginReloadsAreNotNamed) {
  const ReloadableChannelKeys reloadable{{"whatsapp", {"app_secret", "verify_token", "access_token"}}};
  const std::string_view rotated = R"(
listen: 127.0.0.1:8080
log: { level: info }
rules: { dir: ./rules }
database: { url: "host=/tmp dbname=fd" }
channels:
  webform: { enabled: true }
  whatsapp: { enabled: true, app_secret: s3cret-two, verify_token: w, access_token: t }
)";
  EXPECT_EQ(changes_needing_restart(kStarted, rotated, reloadable), Keys{});
  // Without the plugin's word, the same change waits for a restart.
  EXPECT_EQ(changes_needing_restart(kStarted, rotated), Keys{"channels.whatsapp"});
  // A key that is not reloadable still names the channel.
  const std::string_view moved = R"(
listen: 127.0.0.1:8080
log: { level: info }
rules: { dir: ./rules }
database: { url: "host=/tmp dbname=fd" }
channels:
  webform: { enabled: true }
  whatsapp: { enabled: true, app_secret: s3cret-two, verify_token: v, api_base: "http://127.0.0.1:1" }
)";
  EXPECT_EQ(changes_needing_restart(kStarted, moved, reloadable), Keys{"channels.whatsapp"});
}

}  // namespace
}  // namespace frontdesk::config
