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

int resolve_thread_count(int configured) noexcept {
  if (configured > 0) {
    return configured;
  }
  const unsigned hardware = std::thread::hardware_concurrency();  // 0 when unknown
  return std::clamp(static_cast<int>(std::min(hardware, 4U)), 1, 4);
}

}  // namespace frontdesk::config
