// SPDX-License-Identifier: Apache-2.0
#pragma once
// channels.whatsapp, as the plugin reads it from the host's validated JSON.
#include <chrono>
#include <string>
#include <string_view>

namespace frontdesk::whatsapp {

struct Config {
  std::string phone_number_id;
  std::string access_token;
  std::string app_secret;
  std::string verify_token;
  std::string api_base = "https://graph.facebook.com/v19.0";
  // An approved template sent outside the 24-hour window; its body takes the reply text
  // as parameter {{1}}. Empty: such a send fails with a clear reason.
  std::string template_name;
  std::string template_language = "en";
  std::chrono::milliseconds http_timeout = std::chrono::seconds(15);
  std::size_t max_media_bytes = 16U * 1024U * 1024U;
};

// Throws std::invalid_argument naming the key on a wrong value; an enabled channel needs
// app_secret, verify_token, access_token and phone_number_id.
Config parse_config(std::string_view json);

}  // namespace frontdesk::whatsapp
