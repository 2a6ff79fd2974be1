// SPDX-License-Identifier: Apache-2.0
#include "net/destination_guard.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace frontdesk::net {
namespace {

using boost::asio::ip::make_address;
using boost::asio::ip::tcp;

std::string_view range(const char* text) { return non_public_range(make_address(text)); }

TEST(NonPublicRange, IPv4) {
  EXPECT_EQ(range("127.0.0.1"), "loopback");
  EXPECT_EQ(range("127.255.0.9"), "loopback");
  EXPECT_EQ(range("10.1.2.3"), "private");
  EXPECT_EQ(range("172.16.0.1"), "private");
  EXPECT_EQ(range("172.31.255.255"), "private");
  EXPECT_EQ(range("192.168.0.10"), "private");
  EXPECT_EQ(range("100.64.0.1"), "shared (CGNAT)");
  EXPECT_EQ(range("100.127.255.254"), "shared (CGNAT)");
  EXPECT_EQ(range("169.254.169.254"), "link-local");  // cloud metadata services
  EXPECT_EQ(range("224.0.0.1"), "multicast");
  EXPECT_EQ(range("0.0.0.0"), "unspecified");
  EXPECT_EQ(range("0.1.2.3"), "\"this network\"");
  EXPECT_EQ(range("255.255.255.255"), "reserved");
  EXPECT_EQ(range("192.0.0.8"), "IETF protocol");
}

TEST(NonPublicRange, IPv4NeighboursOfTheRangesArePublic) {
  for (const char* a : {"8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1",
                        "169.253.255.255", "192.169.0.1", "223.255.255.255", "1.0.0.1"}) {
    EXPECT_EQ(range(a), "") << a;
  }
}

TEST(NonPublicRange, IPv6AndIPv4InIPv6) {
  EXPECT_EQ(range("::1"), "loopback");
  EXPECT_EQ(range("::"), "unspecified");
  EXPECT_EQ(range("fe80::1"), "link-local");
  EXPECT_EQ(range("fec0::1"), "site-local");
  EXPECT_EQ(range("fc00::1"), "unique-local");
  EXPECT_EQ(range("fd12:3456::1"), "unique-local");
  EXPECT_EQ(range("ff02::1"), "multicast");
  EXPECT_EQ(range("::ffff:127.0.0.1"), "loopback");
  EXPECT_EQ(range("::ffff:10.0.0.1"), "private");
  EXPECT_EQ(range("64:ff9b::a9fe:a9fe"), "link-local");  // NAT64 of 169.254.169.254
  EXPECT_EQ(range("2001:4860:4860::8888"), "");
  EXPECT_EQ(range("::ffff:8.8.8.8"), "");
  EXPECT_EQ(range("64:ff9b::808:808"), "");
}

TEST(DestinationGuard, RefusesNonPublicAddressesNamingTheKeyThatAllowsThem) {
  const DestinationGuard guard(IpNetworks(), "webhooks.allow_private_networks");
  EXPECT_EQ(guard.refusal(make_address("10.0.0.5")),
            "10.0.0.5 is a private address, refused unless webhooks.allow_private_networks lists it");
  EXPECT_EQ(guard.refusal(make_address("93.184.216.34")), "");
  EXPECT_EQ(DestinationGuard().refusal(make_address("::1")), "::1 is a loopback address");
}

TEST(DestinationGuard, AllowedNetworksPassIncludingTheirIPv4MappedForm) {
  const DestinationGuard guard(IpNetworks({"127.0.0.0/8", "fd00::/8"}), "status.allow_private_networks");
  EXPECT_EQ(guard.refusal(make_address("127.0.0.1")), "");
  EXPECT_EQ(guard.refusal(make_address("::ffff:127.0.0.1")), "");
  EXPECT_EQ(guard.refusal(make_address("fd00::7")), "");
  EXPECT_NE(guard.refusal(make_address("::1")), "");
  EXPECT_NE(guard.refusal(make_address("192.168.1.1")), "");
}

TEST(DestinationGuard, HostsAsUrlsNameThem) {
  const DestinationGuard guard;
  EXPECT_EQ(guard.refusal(std::string_view("169.254.169.254")), "169.254.169.254 is a link-local address");
  EXPECT_EQ(guard.refusal(std::string_view("::1")), "::1 is a loopback address");
  EXPECT_EQ(guard.refusal(std::string_view("8.8.8.8")), "");
  // A name is judged by what it resolves to, when connecting.
  EXPECT_EQ(guard.refusal(std::string_view("localhost")), "");
}

TEST(DestinationGuard, PermittedKeepsOnlyAllowedResolvedAddresses) {
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  std::string error;
  // localhost resolves (/etc/hosts) to loopback addresses only: a name does not get through.
  const auto local = resolver.resolve("localhost", "80");
  ASSERT_FALSE(local.empty());
  EXPECT_TRUE(DestinationGuard(IpNetworks(), "webhooks.allow_private_networks").permitted(local, error).empty());
  EXPECT_TRUE(error.ends_with(" is a loopback address, refused unless webhooks.allow_private_networks lists it"))
      << error;

  error.clear();
  const auto allowed = DestinationGuard(IpNetworks({"127.0.0.0/8", "::1"}), "k").permitted(local, error);
  EXPECT_EQ(allowed.size(), local.size());
  EXPECT_EQ(error, "");

  const auto v4 = DestinationGuard(IpNetworks({"127.0.0.0/8"}), "k").permitted(local, error);
  ASSERT_FALSE(v4.empty());
  for (const auto& e : v4) EXPECT_TRUE(e.address().is_v4()) << e;
  EXPECT_EQ(v4.front().port(), 80);
}

}  // namespace
}  // namespace frontdesk::net
