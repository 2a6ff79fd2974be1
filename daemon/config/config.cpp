// SPDX-License-Identifier: Apache-2.0
#include "config/config.hpp"

#include <algorithm>
#include <thread>

namespace frontdesk::config {

std::map<std::string, ChannelConfig, std::less<>> default_channels() {
  std::map<std::string, ChannelConfig, std::less<>> channels;
  // The web form's own settings (rate_limit_per_minute: 10) are the plugin's declared
  // defaults; only `enabled` is decided here.
  for (const auto& [name, enabled] : {std::pair{"webform", true}, std::pair{"email", false},
                                      std::pair{"whatsapp", false}, std::pair{"sms", false}}) {
    ChannelConfig channel;
    channel.name = name;
    channel.enabled = enabled;
    channels.emplace(channel.name, std::move(channel));
  }
  return channels;
}

std::filesystem::path default_web_dir() { return FRONTDESK_DEFAULT_WEB_DIR; }

bool webform_confirmation(const Config& config) {
  const auto webform = config.channels.find("webform");
  if (webform == config.channels.end() || !webform->second.enabled) return false;
  const YAML::Node confirmation = webform->second.settings["confirmation"];
  // The plugin's declared keys have checked the value's type when the file was loaded.
  return !confirmation.IsDefined() || !confirmation.IsScalar() || confirmation.as<bool>(true);
}

int resolve_thread_count(int configured) noexcept {
  if (configured > 0) {
    return configured;
  }
  const unsigned hardware = std::thread::hardware_concurrency();  // 0 when unknown
  return std::clamp(static_cast<int>(std::min(hardware, 4U)), 1, 4);
}

}  // namespace frontdesk::config
