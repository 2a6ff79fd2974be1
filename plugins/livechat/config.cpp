// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <stdexcept>

#include "provider/channel_config.hpp"

namespace frontdesk::livechat {

namespace {

// "scheme://host[:port]", as browsers send Origin: no path, query or user.
bool is_origin(std::string_view text) {
  const auto url = boost::urls::parse_absolute_uri(text);
  return url && (url->scheme() == "https" || url->scheme() == "http") && !url->host().empty() &&
         url->path().empty() && !url->has_query() && !url->has_fragment() && !url->has_userinfo();
}

std::string_view host_of_origin(std::string_view origin) {
  const auto at = origin.find("://");
  return at == std::string_view::npos ? std::string_view{} : origin.substr(at + 3);
}

}  // namespace

Config parse_config(std::string_view json) {
  const provider::ChannelConfig settings("livechat", json);
  Config config;
  config.identity_secret = settings.text("identity_secret", "");
  config.max_message_chars = static_cast<std::size_t>(settings.integer("max_message_chars", 5000, 1, 100000));
  config.messages_per_minute = static_cast<int>(settings.integer("messages_per_minute", 30, 1, 10000));
  const auto value = boost::json::parse(json);
  if (const auto* origins = value.as_object().if_contains("allowed_origins")) {
    if (!origins->is_array()) throw std::invalid_argument("channels.livechat.allowed_origins must be a list");
    for (const auto& item : origins->as_array()) {
      if (!item.is_string() || !is_origin(item.as_string())) {
        throw std::invalid_argument(
            "channels.livechat.allowed_origins: each entry is an origin such as https://shop.example "
            "(scheme, host and port only)");
      }
      config.allowed_origins.emplace_back(item.as_string());
    }
  }
  return config;
}

bool origin_allowed(const Config& config, std::string_view origin, std::string_view host) {
  // Only browsers send Origin, and they always do on a WebSocket upgrade; a client without
  // one is no page another site could turn against its visitor.
  if (origin.empty()) return true;
  if (config.allowed_origins.empty()) return !host.empty() && host_of_origin(origin) == host;
  for (const auto& allowed : config.allowed_origins) {
    if (allowed == origin) return true;
  }
  return false;
}

}  // namespace frontdesk::livechat
