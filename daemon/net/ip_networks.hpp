// SPDX-License-Identifier: Apache-2.0
#pragma once
// A set of IP networks as configuration names them: each entry an address ("10.0.0.1",
// "::1") or a network in address/prefix form ("10.0.0.0/8", "fd00::/8"). Used for
// http.trusted_proxies and the outbound allow lists (destination_guard.hpp).
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace frontdesk::net {

using Network = std::variant<boost::asio::ip::network_v4, boost::asio::ip::network_v6>;

// One entry parsed (an address is a network of one), or nullopt when it is neither.
[[nodiscard]] std::optional<Network> parse_network(std::string_view text);

class IpNetworks {
 public:
  IpNetworks() = default;
  // Throws std::invalid_argument naming the first entry that is not an address or network.
  explicit IpNetworks(const std::vector<std::string>& entries);

  [[nodiscard]] bool empty() const noexcept { return networks_.empty(); }
  // Whether `address` lies in one of the networks (an IPv4 address only in IPv4 networks).
  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const noexcept;

 private:
  std::vector<Network> networks_;
};

}  // namespace frontdesk::net
