// SPDX-License-Identifier: Apache-2.0
#pragma once
// The guard against server-side request forgery (OWASP API7). Where a user chooses the
// destination of a connection the daemon makes (a webhook URL, a status monitor's target),
// that destination must not reach into the daemon's own network: an address that is
// loopback, private (RFC 1918), shared (CGNAT, RFC 6598), link-local, multicast,
// unspecified, reserved or broadcast — or, in IPv6, unique-local, link-local, site-local,
// multicast, or an IPv4-mapped or NAT64 form of any of those — is refused unless it lies in
// the networks the configuration allows.
//
// Callers check the addresses a name resolved to and connect to exactly the ones that
// passed, so a name that resolves to a private address (or changes its answer between a
// check and the connection: DNS rebinding) cannot get through.
#include "net/ip_networks.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::net {

// What kind of non-public range `address` lies in ("loopback", "private", ...), or empty for
// a public address.
[[nodiscard]] std::string_view non_public_range(const boost::asio::ip::address& address);

class DestinationGuard {
 public:
  // Refuses every non-public address.
  DestinationGuard() = default;
  // `allowed`: non-public networks that may be reached all the same; `allow_key`: the
  // configuration key that lists them, named in refusals.
  DestinationGuard(IpNetworks allowed, std::string allow_key);

  // Empty when the daemon may connect to `address`; else why not.
  [[nodiscard]] std::string refusal(const boost::asio::ip::address& address) const;
  // The same for a host as a URL names it: an IP literal is judged at once; a name passes
  // here, since only its resolved addresses can be judged.
  [[nodiscard]] std::string refusal(std::string_view host) const;

  // The endpoints of `resolved` that may be connected to, in order. When none may, `error`
  // says why the first one may not.
  [[nodiscard]] std::vector<boost::asio::ip::tcp::endpoint> permitted(
      const boost::asio::ip::tcp::resolver::results_type& resolved, std::string& error) const;

 private:
  IpNetworks allowed_;
  std::string allow_key_;
};

}  // namespace frontdesk::net
