// SPDX-License-Identifier: Apache-2.0
#include "provider/channel_config.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

namespace frontdesk::provider {

ChannelConfig::ChannelConfig(std::string_view channel, std::string_view json) : channel_(channel) {
  boost::system::error_code ec;
  value_ = boost::json::parse(json, ec);
  if (ec || !value_.is_object()) {
    throw std::invalid_argument("channels." + channel_ + ": configuration is not a JSON object");
  }
}

std::string ChannelConfig::name(std::string_view key) const {
  return "channels." + channel_ + "." + std::string(key);
}

std::string ChannelConfig::text(std::string_view key, std::string fallback) const {
  const auto* v = value_.get_object().if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) throw std::invalid_argument(name(key) + " must be a string");
  return std::string(v->get_string());
}

std::int64_t ChannelConfig::integer(std::string_view key, std::int64_t fallback, std::int64_t low,
                                    std::int64_t high) const {
  const auto* v = value_.get_object().if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->get_int64() < low || v->get_int64() > high) {
    throw std::invalid_argument(name(key) + " must be an integer between " + std::to_string(low) +
                                " and " + std::to_string(high));
  }
  return v->get_int64();
}

void ChannelConfig::require(std::string_view key, const std::string& value) const {
  if (value.empty()) throw std::invalid_argument(name(key) + " must be set");
}

void ChannelConfig::require_url(std::string_view key, const std::string& url) const {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw std::invalid_argument(name(key) + " must be an http:// or https:// URL");
  }
}

std::string ChannelConfig::base_url(std::string_view key, std::string url) const {
  while (!url.empty() && url.back() == '/') url.pop_back();
  require_url(key, url);
  return url;
}

}  // namespace frontdesk::provider
