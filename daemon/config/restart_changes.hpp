// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a reload cannot apply. A reload (SIGHUP) applies the log level, the rules, the SLA
// policies and the channel settings their plugins declare reloadable (rotated secrets such
// as channels.whatsapp.app_secret); every other setting is read once at start. This names
// the settings that differ between the configuration a daemon started with and the re-read
// one, so the log can say which of them wait for a restart: top-level keys ("listen",
// "database"), and channels one by one ("channels.whatsapp"). Names only: values (secrets
// among them) are never reported.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::config {

// Running channel → the keys under it that its plugin applies on reload.
using ReloadableChannelKeys = std::map<std::string, std::vector<std::string>, std::less<>>;

// Both texts are configuration files that loaded; throws YAML::Exception otherwise. A channel
// whose only changes are among its `reloadable` keys is not named.
[[nodiscard]] std::vector<std::string> changes_needing_restart(std::string_view started, std::string_view fresh,
                                                               const ReloadableChannelKeys& reloadable = {});

}  // namespace frontdesk::config
