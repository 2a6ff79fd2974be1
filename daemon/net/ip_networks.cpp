// SPDX-License-Identifier: Apache-2.0
#include "net/ip_networks.hpp"

#include <stdexcept>

namespace frontdesk::net {

namespace asio = boost::asio;

std::optional<Network> parse_network(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const std::string entry(text);
  boost::system::error_code ec;
  if (entry.find('/') == std::string::npos) {
    const auto address = asio::ip::make_address(entry, ec);
    if (ec) return std::nullopt;
    if (address.is_v4()) return asio::ip::network_v4(address.to_v4(), 32);
    return asio::ip::network_v6(address.to_v6(), 128);
  }
  if (entry.find(':') == std::string::npos) {
    auto network = asio::ip::make_network_v4(entry, ec);
    if (ec) return std::nullopt;
    return network.canonical();
  }
  auto network = asio::ip::make_network_v6(entry, ec);
  if (ec) return std::nullopt;
  return network.canonical();
}

IpNetworks::IpNetworks(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto network = parse_network(entry);
    if (!network) {
      throw std::invalid_argument("'" + entry + "' is not an IP address or network (e.g. 10.0.0.0/8)");
    }
    networks_.push_back(*network);
  }
}

bool IpNetworks::contains(const asio::ip::address& address) const noexcept {
  for (const auto& network : networks_) {
    // is_subnet_of is strict: a network of one is compared by its address instead.
    if (const auto* v4 = std::get_if<asio::ip::network_v4>(&network)) {
      if (!address.is_v4()) continue;
      if (v4->prefix_length() == 32 ? v4->address() == address.to_v4()
                                    : asio::ip::network_v4(address.to_v4(), 32).is_subnet_of(*v4)) {
        return true;
      }
    } else if (const auto* v6 = std::get_if<asio::ip::network_v6>(&network)) {
      if (!address.is_v6()) continue;
      if (v6->prefix_length() == 128 ? v6->address() == address.to_v6()
                                     : asio::ip::network_v6(address.to_v6(), 128).is_subnet_of(*v6)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace frontdesk::net
