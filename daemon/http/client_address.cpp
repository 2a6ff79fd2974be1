// SPDX-License-Identifier: Apache-2.0
#include "http/client_address.hpp"

#include <algorithm>
#include <optional>

#include "http/request.hpp"

namespace frontdesk::http {

namespace asio = boost::asio;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "192.0.2.1", "[2001:db8::1]:443", "192.0.2.1:80", "\"[2001:db8::1]\"" → the address.
std::optional<asio::ip::address> node_address(std::string_view node) {
  node = trim(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') {
    node = node.substr(1, node.size() - 2);
  }
  if (!node.empty() && node.front() == '[') {
    const auto close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    node = node.substr(1, close - 1);
  } else if (std::count(node.begin(), node.end(), ':') == 1) {
    node = node.substr(0, node.find(':'));  // IPv4 with a port
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(std::string(node), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::address(asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()));
  }
  return address;
}

// The hops named by every Forwarded (its for= parameters) or, when there is none, every
// X-Forwarded-For line, left (the original client) to right (the last proxy). An entry
// that is not an address (unknown, an obfuscated name) is nullopt.
std::vector<std::optional<asio::ip::address>> forwarded_chain(
    const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
  std::vector<std::optional<asio::ip::address>> forwarded;
  std::vector<std::optional<asio::ip::address>> x_forwarded;
  bool has_forwarded = false;
  for (const auto& [name, value] : fields) {
    const bool rfc7239 = iequals(name, "Forwarded");
    if (!rfc7239 && !iequals(name, "X-Forwarded-For")) continue;
    has_forwarded = has_forwarded || rfc7239;
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      const std::string_view element = rest.substr(0, comma);
      if (rfc7239) {
        // forwarded-element = pairs separated by ';'; only for= matters here.
        std::optional<asio::ip::address> hop;
        std::string_view pairs = element;
        while (true) {
          const auto semi = pairs.find(';');
          const std::string_view pair = trim(pairs.substr(0, semi));
          const auto eq = pair.find('=');
          if (eq != std::string_view::npos && iequals(trim(pair.substr(0, eq)), "for")) {
            hop = node_address(pair.substr(eq + 1));
          }
          if (semi == std::string_view::npos) break;
          pairs.remove_prefix(semi + 1);
        }
        forwarded.push_back(hop);
      } else {
        x_forwarded.push_back(node_address(element));
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return has_forwarded ? forwarded : x_forwarded;
}

}  // namespace

std::string TrustedProxies::client_address(
    const std::string& peer, const std::vector<std::pair<std::string_view, std::string_view>>& fields) const {
  if (networks_.empty()) return peer;
  auto peer_address = node_address(peer);
  if (!peer_address || !contains(*peer_address)) return peer;
  const auto chain = forwarded_chain(fields);
  std::string client = peer_address->to_string();
  for (auto hop = chain.rbegin(); hop != chain.rend(); ++hop) {
    if (!*hop) return client;  // an unreadable hop: the last trusted one is all we know
    client = (*hop)->to_string();
    if (!contains(**hop)) return client;
  }
  return client;
}

}  // namespace frontdesk::http
