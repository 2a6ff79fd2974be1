// SPDX-License-Identifier: Apache-2.0
#include "core/help_visitor.hpp"

namespace frontdesk::core {

std::optional<std::string> help_visitor(std::string_view cookie) {
  constexpr std::string_view kAllowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  if (cookie.size() < 8 || cookie.size() > 64 || cookie.find_first_not_of(kAllowed) != std::string_view::npos) {
    return std::nullopt;
  }
  return "c:" + std::string(cookie);
}

}  // namespace frontdesk::core
