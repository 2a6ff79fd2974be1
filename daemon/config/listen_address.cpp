// SPDX-License-Identifier: Apache-2.0
#include "config/listen_address.hpp"

#include <charconv>
#include <system_error>

namespace frontdesk::config {
namespace {

bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_hex_digit(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Host names and IPv4 addresses: letters, digits, '.', '-' and '_'.
bool is_valid_host(std::string_view host) noexcept {
  for (const char c : host) {
    if (!is_alnum(c) && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

// The inside of [...]: hex digits, ':' and '.' (IPv4-mapped), then an optional %zone.
bool is_valid_ipv6(std::string_view host) noexcept {
  const auto percent = host.find('%');
  const std::string_view address = host.substr(0, percent);
  if (address.find(':') == std::string_view::npos) {
    return false;
  }
  for (const char c : address) {
    if (!is_hex_digit(c) && c != ':' && c != '.') {
      return false;
    }
  }
  if (percent != std::string_view::npos) {
    const std::string_view zone = host.substr(percent + 1);
    if (zone.empty()) {
      return false;
    }
    for (const char c : zone) {
      if (!is_alnum(c) && c != '.' && c != '-' && c != '_') {
        return false;
      }
    }
  }
  return true;
}

core::Unexpected<std::string> failure(std::string message) {
  return core::Unexpected(std::move(message));
}

}  // namespace

std::string ListenAddress::to_string() const {
  const bool bracket = host.find(':') != std::string::npos;
  return (bracket ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

core::Expected<ListenAddress, std::string> parse_listen_address(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) {
    return failure("empty address (expected host:port, e.g. 127.0.0.1:8080)");
  }
  std::string_view host;
  std::string_view port;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      return failure("missing ']' in " + quoted);
    }
    host = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') {
      return failure("missing port in " + quoted + " (expected [address]:port)");
    }
    port = rest.substr(1);
    if (!is_valid_ipv6(host)) {
      return failure("invalid IPv6 address '" + std::string(host) + "'");
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return failure("missing port in " + quoted + " (expected host:port)");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      if (is_valid_ipv6(host)) {
        return failure("IPv6 address in " + quoted + " must be in brackets, e.g. [::1]:8080");
      }
      return failure("invalid host '" + std::string(host) + "'");
    }
    if (host.empty()) {
      return failure("missing host in " + quoted + " (expected host:port)");
    }
    if (!is_valid_host(host)) {
      return failure("invalid host '" + std::string(host) + "'");
    }
  }
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || port.size() > 5 || error != std::errc{} || end != port.data() + port.size() ||
      value > 65535) {
    return failure("invalid port '" + std::string(port) + "'");
  }
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(value)};
}

}  // namespace frontdesk::config
