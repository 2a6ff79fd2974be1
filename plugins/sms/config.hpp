// SPDX-License-Identifier: Apache-2.0
#pragma once
// channels.sms, as the plugin reads it from the host's validated JSON.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::sms {

struct Config {
  std::string account_sid;
  std::string auth_token;
  std::string from;  // our number (E.164) or a messaging service sid
  std::string api_base = "https://api.twilio.com";
  std::string public_url;  // what Twilio signs, e.g. https://desk.example.com/webhooks/sms
  std::chrono::milliseconds http_timeout = std::chrono::seconds(15);
  // Largest MMS media file fetched (Twilio accepts at most 5 MB per message).
  std::size_t max_media_bytes = 5U * 1024U * 1024U;
};

// Throws std::invalid_argument naming the key; an enabled channel needs account_sid,
// auth_token, from and public_url.
Config parse_config(std::string_view json);

}  // namespace frontdesk::sms
