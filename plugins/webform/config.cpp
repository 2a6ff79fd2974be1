// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <stdexcept>

#include "text.hpp"

namespace frontdesk::webform {

namespace {

constexpr std::int64_t kMaxRatePerMinute = 1'000'000;
constexpr std::int64_t kMaxAttachmentBytes = std::int64_t{1} << 30;
constexpr std::int64_t kMaxAttachments = 100;
constexpr std::size_t kMaxTitleChars = 200;

std::size_t read_int(const boost::json::object& config, std::string_view key, std::int64_t low,
                     std::int64_t high, std::size_t fallback) {
  const auto* value = config.if_contains(key);
  if (value == nullptr) {
    return fallback;
  }
  const std::string range = " between " + std::to_string(low) + " and " + std::to_string(high);
  if (!value->is_int64() && !value->is_uint64()) {
    throw std::invalid_argument("channels.webform." + std::string(key) + " must be an integer" +
                                range);
  }
  const bool in_range = value->is_int64() ? value->get_int64() >= low && value->get_int64() <= high
                                          : value->get_uint64() <= static_cast<std::uint64_t>(high);
  if (!in_range) {
    throw std::invalid_argument("channels.webform." + std::string(key) + " must be" + range);
  }
  return value->is_int64() ? static_cast<std::size_t>(value->get_int64())
                           : static_cast<std::size_t>(value->get_uint64());
}

}  // namespace

Config parse_config(std::string_view json) {
  boost::system::error_code ec;
  const boost::json::value document = boost::json::parse(json, ec);
  if (ec || !document.is_object()) {
    throw std::invalid_argument("the webform configuration is not a JSON object");
  }
  const auto& object = document.get_object();
  Config config;
  config.rate_limit_per_minute =
      read_int(object, "rate_limit_per_minute", 1, kMaxRatePerMinute, config.rate_limit_per_minute);
  config.max_attachment_bytes =
      read_int(object, "max_attachment_bytes", 1, kMaxAttachmentBytes, config.max_attachment_bytes);
  config.max_attachments =
      read_int(object, "max_attachments", 0, kMaxAttachments, config.max_attachments);
  if (const auto* title = object.if_contains("title"); title != nullptr) {
    const auto* text = title->if_string();
    if (text == nullptr || count_code_points(*text) > kMaxTitleChars) {
      throw std::invalid_argument("channels.webform.title must be a string of at most " +
                                  std::to_string(kMaxTitleChars) + " characters");
    }
    config.title = std::string(trim(*text));
  }
  return config;
}

}  // namespace frontdesk::webform
