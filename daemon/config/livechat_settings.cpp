// SPDX-License-Identifier: Apache-2.0
#include "config/livechat_settings.hpp"

namespace frontdesk::config {

LivechatSettings livechat_settings(const Config& config) {
  LivechatSettings out;
  const auto livechat = config.channels.find("livechat");
  if (livechat == config.channels.end() || !livechat->second.enabled) return out;
  out.enabled = true;
  const YAML::Node origins = livechat->second.settings["allowed_origins"];
  if (origins.IsDefined() && origins.IsSequence()) {
    for (const auto& origin : origins) out.allowed_origins.push_back(origin.Scalar());
  }
  const YAML::Node calendar = livechat->second.settings["calendar"];
  if (calendar.IsDefined() && calendar.IsScalar()) out.calendar = calendar.Scalar();
  return out;
}

}  // namespace frontdesk::config
