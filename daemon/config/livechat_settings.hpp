// SPDX-License-Identifier: Apache-2.0
#pragma once
// channels.livechat as frontdeskd reads it for the widget (keys the live chat's plugin
// declares, checked when the file was loaded): whether it is on, the origins of the sites that
// embed it (allowed_origins) and the name of the calendar of its hours ("" = always open).
#include "config/config.hpp"

#include <string>
#include <vector>

namespace frontdesk::config {

struct LivechatSettings {
  bool enabled = false;
  std::vector<std::string> allowed_origins;
  std::string calendar;
};

[[nodiscard]] LivechatSettings livechat_settings(const Config& config);

}  // namespace frontdesk::config
