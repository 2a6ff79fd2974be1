// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who a request came from when reverse proxies stand in front of the daemon: the socket
// peer, unless that peer is one of `http.trusted_proxies`; then the Forwarded (RFC 7239)
// or X-Forwarded-For chain is read from the right, skipping trusted hops, and the first
// address that is not a trusted proxy is the client. A peer outside the list cannot claim
// another address: its headers are ignored. Per-IP limits and logs use the result.
#include "net/ip_networks.hpp"

#include <boost/asio/ip/address.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Each entry an address ("10.0.0.1", "::1") or a network ("10.0.0.0/8", "fd00::/8").
  // Throws std::invalid_argument naming the first entry that is neither.
  explicit TrustedProxies(const std::vector<std::string>& entries) : networks_(entries) {}

  [[nodiscard]] bool empty() const noexcept { return networks_.empty(); }
  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const noexcept {
    return networks_.contains(address);
  }

  // The client's address as text: `peer` itself unless it is trusted (see above).
  // `fields` are the request's header fields (name, value) in arrival order.
  [[nodiscard]] std::string client_address(
      const std::string& peer,
      const std::vector<std::pair<std::string_view, std::string_view>>& fields) const;

 private:
  net::IpNetworks networks_;
};

}  // namespace frontdesk::http
