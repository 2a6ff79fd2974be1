// SPDX-License-Identifier: Apache-2.0
// The value of one cookie in a Cookie request header (RFC 6265 section 4.2: "name=value"
// pairs separated by "; "), for the daemon and for plugins alike. Header-only, no dependencies.
#pragma once

#include <optional>
#include <string_view>

namespace frontdesk {

// The value of cookie `name` in `header`, if present and not empty.
[[nodiscard]] constexpr std::optional<std::string_view> cookie_value(std::string_view header,
                                                                     std::string_view name) noexcept {
  while (!header.empty()) {
    const auto semi = header.find(';');
    auto pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name && eq + 1 < pair.size()) {
      return pair.substr(eq + 1);
    }
  }
  return std::nullopt;
}

}  // namespace frontdesk
