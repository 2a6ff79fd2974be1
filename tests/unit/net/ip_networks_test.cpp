// SPDX-License-Identifier: Apache-2.0
#include "net/ip_networks.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace frontdesk::net {
namespace {

using boost::asio::ip::make_address;

TEST(IpNetworks, AddressesAndNetworksOfBothFamilies) {
  const IpNetworks set({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", " 192.168.1.0/24 "});
  EXPECT_TRUE(set.contains(make_address("127.0.0.1")));
  EXPECT_FALSE(set.contains(make_address("127.0.0.2")));
  EXPECT_TRUE(set.contains(make_address("10.255.1.2")));
  EXPECT_FALSE(set.contains(make_address("11.0.0.1")));
  EXPECT_TRUE(set.contains(make_address("fd12::5")));
  EXPECT_FALSE(set.contains(make_address("fe80::1")));
  EXPECT_TRUE(set.contains(make_address("::1")));
  EXPECT_TRUE(set.contains(make_address("192.168.1.77")));
  // A family only matches its own networks.
  EXPECT_FALSE(set.contains(make_address("::ffff:10.0.0.1")));
}

TEST(IpNetworks, EverythingAndNothing) {
  EXPECT_TRUE(IpNetworks({"0.0.0.0/0"}).contains(make_address("192.0.2.1")));
  EXPECT_TRUE(IpNetworks({"::/0"}).contains(make_address("2001:db8::1")));
  EXPECT_TRUE(IpNetworks().empty());
  EXPECT_FALSE(IpNetworks().contains(make_address("127.0.0.1")));
}

TEST(IpNetworks, HostBitsAreDroppedFromNetworks) {
  EXPECT_TRUE(IpNetworks({"10.1.2.3/16"}).contains(make_address("10.1.200.1")));
}

TEST(IpNetworks, EntriesThatAreNeitherAreRefusedByName) {
  EXPECT_FALSE(parse_network("10.0.0.0/33"));
  EXPECT_FALSE(parse_network("proxy.example.com"));
  EXPECT_FALSE(parse_network("fd00::/129"));
  EXPECT_FALSE(parse_network(""));
  try {
    IpNetworks({"10.0.0.0/8", "nope/8"});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "'nope/8' is not an IP address or network (e.g. 10.0.0.0/8)");
  }
}

}  // namespace
}  // namespace frontdesk::net
