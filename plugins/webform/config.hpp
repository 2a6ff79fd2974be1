// SPDX-License-Identifier: Apache-2.0
// The webform channel's configuration (`channels.webform` without `enabled`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::webform {

struct Config {
  std::size_t rate_limit_per_minute = 10;  // accepted submissions per remote address
  std::size_t max_attachment_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_attachments = 10;
  std::string title;  // heading and <title> of the pages; empty: the catalogue's
};

// Reads the JSON object the host passes to create(). A missing key keeps its default.
// Throws std::invalid_argument naming the key when a value is of the wrong type or out of
// range.
[[nodiscard]] Config parse_config(std::string_view json);

}  // namespace frontdesk::webform
