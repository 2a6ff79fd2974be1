// SPDX-License-Identifier: Apache-2.0
// `host:port` and `[ipv6]:port` addresses, as in `listen: 127.0.0.1:8080`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace frontdesk::config {

struct ListenAddress {
  std::string host;        // a name or an address; IPv6 without brackets ("::1")
  std::uint16_t port = 0;  // 0 = any free port

  // "127.0.0.1:8080", "[::1]:8080".
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

// Parses "host:port" or "[ipv6]:port". The error is a phrase such as
// "invalid port '99999'", to be prefixed with the key it came from.
[[nodiscard]] core::Expected<ListenAddress, std::string> parse_listen_address(
    std::string_view text);

}  // namespace frontdesk::config
