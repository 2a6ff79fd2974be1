// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reads a channel's settings from the host's validated JSON, with errors that name the
// key as the operator wrote it ("channels.sms.from must be set").
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::provider {

class ChannelConfig {
 public:
  // Throws std::invalid_argument when `json` is not a JSON object.
  ChannelConfig(std::string_view channel, std::string_view json);

  // The key's string, or `fallback` when absent; throws when it is not a string.
  [[nodiscard]] std::string text(std::string_view key, std::string fallback) const;
  // The key's integer, or `fallback` when absent; throws outside [low, high].
  [[nodiscard]] std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t low,
                                     std::int64_t high) const;
  [[nodiscard]] std::chrono::milliseconds millis(std::string_view key, std::int64_t fallback,
                                                 std::int64_t low, std::int64_t high) const {
    return std::chrono::milliseconds(integer(key, fallback, low, high));
  }

  // Throws "<key> must be set" when `value` is empty.
  void require(std::string_view key, const std::string& value) const;
  // Throws unless `url` is http:// or https://.
  void require_url(std::string_view key, const std::string& url) const;
  // An API base URL: trailing slashes dropped, then require_url.
  [[nodiscard]] std::string base_url(std::string_view key, std::string url) const;

 private:
  [[nodiscard]] std::string name(std::string_view key) const;

  std::string channel_;
  boost::json::value value_;
};

}  // namespace frontdesk::provider
