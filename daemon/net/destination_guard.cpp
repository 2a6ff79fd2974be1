// SPDX-License-Identifier: Apache-2.0
#include "net/destination_guard.hpp"

#include <array>
#include <utility>

namespace frontdesk::net {

namespace asio = boost::asio;

namespace {

// The IPv4 ranges Asio's address_v4 has no predicate for (it knows loopback, multicast and
// unspecified), with the word a refusal uses for each.
const std::array<std::pair<asio::ip::network_v4, std::string_view>, 8> kV4Ranges{{
    {asio::ip::make_network_v4("0.0.0.0/8"), "\"this network\""},
    {asio::ip::make_network_v4("10.0.0.0/8"), "private"},
    {asio::ip::make_network_v4("172.16.0.0/12"), "private"},
    {asio::ip::make_network_v4("192.168.0.0/16"), "private"},
    {asio::ip::make_network_v4("100.64.0.0/10"), "shared (CGNAT)"},
    {asio::ip::make_network_v4("169.254.0.0/16"), "link-local"},
    {asio::ip::make_network_v4("240.0.0.0/4"), "reserved"},  // 255.255.255.255 among them
    {asio::ip::make_network_v4("192.0.0.0/24"), "IETF protocol"},
}};

const asio::ip::network_v6 kUniqueLocal = asio::ip::make_network_v6("fc00::/7");
// NAT64's well-known prefix (RFC 6052): a gateway turns 64:ff9b::a.b.c.d into a.b.c.d.
const asio::ip::network_v6 kNat64 = asio::ip::make_network_v6("64:ff9b::/96");

bool in(const asio::ip::address_v4& a, const asio::ip::network_v4& n) {
  return asio::ip::network_v4(a, 32).is_subnet_of(n);
}

bool in(const asio::ip::address_v6& a, const asio::ip::network_v6& n) {
  return asio::ip::network_v6(a, 128).is_subnet_of(n);
}

// The IPv4 address an IPv6 one stands for (mapped or NAT64), else the address itself.
asio::ip::address embedded(const asio::ip::address& address) {
  if (!address.is_v6()) return address;
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6);
  if (in(v6, kNat64)) {
    const auto bytes = v6.to_bytes();
    return asio::ip::address_v4({bytes[12], bytes[13], bytes[14], bytes[15]});
  }
  return address;
}

std::string_view v4_range(const asio::ip::address_v4& a) {
  if (a.is_loopback()) return "loopback";
  if (a.is_multicast()) return "multicast";
  if (a.is_unspecified()) return "unspecified";
  for (const auto& [network, kind] : kV4Ranges) {
    if (in(a, network)) return kind;
  }
  return {};
}

std::string_view v6_range(const asio::ip::address_v6& a) {
  if (a.is_loopback()) return "loopback";
  if (a.is_unspecified()) return "unspecified";
  if (a.is_multicast()) return "multicast";
  if (a.is_link_local()) return "link-local";
  if (a.is_site_local()) return "site-local";
  if (in(a, kUniqueLocal)) return "unique-local";
  return {};
}

}  // namespace

std::string_view non_public_range(const asio::ip::address& address) {
  const auto a = embedded(address);
  return a.is_v4() ? v4_range(a.to_v4()) : v6_range(a.to_v6());
}

DestinationGuard::DestinationGuard(IpNetworks allowed, std::string allow_key)
    : allowed_(std::move(allowed)), allow_key_(std::move(allow_key)) {}

std::string DestinationGuard::refusal(const asio::ip::address& address) const {
  const auto kind = non_public_range(address);
  if (kind.empty() || allowed_.contains(embedded(address)) || allowed_.contains(address)) return {};
  std::string why = address.to_string() + " is a " + std::string(kind) + " address";
  if (!allow_key_.empty()) why += ", refused unless " + allow_key_ + " lists it";
  return why;
}

std::string DestinationGuard::refusal(std::string_view host) const {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return ec ? std::string() : refusal(address);
}

std::vector<asio::ip::tcp::endpoint> DestinationGuard::permitted(
    const asio::ip::tcp::resolver::results_type& resolved, std::string& error) const {
  std::vector<asio::ip::tcp::endpoint> out;
  std::string first_refusal;
  for (const auto& entry : resolved) {
    auto why = refusal(entry.endpoint().address());
    if (why.empty()) {
      out.push_back(entry.endpoint());
    } else if (first_refusal.empty()) {
      first_refusal = std::move(why);
    }
  }
  if (out.empty()) error = first_refusal.empty() ? "the name has no address" : first_refusal;
  return out;
}

}  // namespace frontdesk::net
