// SPDX-License-Identifier: Apache-2.0
#pragma once
// channels.livechat: which sites may embed the chat, how visitors are identified, limits.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::livechat {

struct Config {
  // Origins ("https://shop.example") whose pages may open the chat; empty: only pages the
  // daemon itself serves (the Origin's host equals the Host header).
  std::vector<std::string> allowed_origins;
  // Key of the host site's HMAC-SHA256 over its user id; empty: anonymous visitors only.
  std::string identity_secret;
  std::size_t max_message_chars = 5000;
  int messages_per_minute = 30;  // per visitor, per daemon
};

// Throws std::invalid_argument naming the key (channels.livechat.<key>).
Config parse_config(std::string_view json);

// Whether a page at `origin` may open the chat, the request having come for `host`.
bool origin_allowed(const Config& config, std::string_view origin, std::string_view host);

}  // namespace frontdesk::livechat
