// SPDX-License-Identifier: Apache-2.0
#include "config/listen_address.hpp"

#include <gtest/gtest.h>

namespace frontdesk::config {
namespace {

ListenAddress address_of(std::string_view text) {
  auto parsed = parse_listen_address(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error());
  return parsed ? *parsed : ListenAddress{};
}

std::string error_of(std::string_view text) {
  const auto parsed = parse_listen_address(text);
  EXPECT_FALSE(parsed) << text;
  return parsed ? std::string() : parsed.error();
}

TEST(ListenAddress, HostAndPort) {
  EXPECT_EQ(address_of("127.0.0.1:8080"), (ListenAddress{"127.0.0.1", 8080}));
  EXPECT_EQ(address_of("localhost:1"), (ListenAddress{"localhost", 1}));
  EXPECT_EQ(address_of("0.0.0.0:65535"), (ListenAddress{"0.0.0.0", 65535}));
  EXPECT_EQ(address_of("desk.example.com:0"), (ListenAddress{"desk.example.com", 0}));
}

TEST(ListenAddress, BracketedIpv6) {
  EXPECT_EQ(address_of("[::1]:8080"), (ListenAddress{"::1", 8080}));
  EXPECT_EQ(address_of("[::]:80"), (ListenAddress{"::", 80}));
  EXPECT_EQ(address_of("[2001:db8::1]:443"), (ListenAddress{"2001:db8::1", 443}));
  EXPECT_EQ(address_of("[::ffff:192.0.2.1]:25"), (ListenAddress{"::ffff:192.0.2.1", 25}));
  EXPECT_EQ(address_of("[fe80::1%eth0]:8080"), (ListenAddress{"fe80::1%eth0", 8080}));
}

TEST(ListenAddress, ToStringRoundTrips) {
  EXPECT_EQ((ListenAddress{"127.0.0.1", 8080}).to_string(), "127.0.0.1:8080");
  EXPECT_EQ((ListenAddress{"::1", 8080}).to_string(), "[::1]:8080");
  for (const char* text : {"127.0.0.1:8080", "[::1]:8080", "[fe80::1%eth0]:1"}) {
    EXPECT_EQ(address_of(text).to_string(), text);
  }
}

TEST(ListenAddress, Errors) {
  EXPECT_EQ(error_of("127.0.0.1:99999"), "invalid port '99999'");
  EXPECT_EQ(error_of("127.0.0.1:65536"), "invalid port '65536'");
  EXPECT_EQ(error_of("127.0.0.1:"), "invalid port ''");
  EXPECT_EQ(error_of("127.0.0.1:http"), "invalid port 'http'");
  EXPECT_EQ(error_of("127.0.0.1:-1"), "invalid port '-1'");
  EXPECT_EQ(error_of("127.0.0.1:+80"), "invalid port '+80'");
  EXPECT_EQ(error_of("127.0.0.1:000080"), "invalid port '000080'");
  EXPECT_EQ(error_of("127.0.0.1"), "missing port in '127.0.0.1' (expected host:port)");
  EXPECT_EQ(error_of(":8080"), "missing host in ':8080' (expected host:port)");
  EXPECT_EQ(error_of(""), "empty address (expected host:port, e.g. 127.0.0.1:8080)");
  EXPECT_EQ(error_of("::1:8080"),
            "IPv6 address in '::1:8080' must be in brackets, e.g. [::1]:8080");
  EXPECT_EQ(error_of("[::1]"), "missing port in '[::1]' (expected [address]:port)");
  EXPECT_EQ(error_of("[::1]8080"), "missing port in '[::1]8080' (expected [address]:port)");
  EXPECT_EQ(error_of("[::1:8080"), "missing ']' in '[::1:8080'");
  EXPECT_EQ(error_of("[]:8080"), "invalid IPv6 address ''");
  EXPECT_EQ(error_of("[localhost]:8080"), "invalid IPv6 address 'localhost'");
  EXPECT_EQ(error_of("[fe80::1%]:8080"), "invalid IPv6 address 'fe80::1%'");
  EXPECT_EQ(error_of("local host:8080"), "invalid host 'local host'");
  EXPECT_EQ(error_of("http://x:80"), "invalid host 'http://x'");
}

}  // namespace
}  // namespace frontdesk::config
