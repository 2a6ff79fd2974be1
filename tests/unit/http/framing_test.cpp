// SPDX-License-Identifier: Apache-2.0
#include "http/client_address.hpp"
#include "http/framing.hpp"

#include <gtest/gtest.h>

namespace frontdesk::http {
namespace {

using Fields = std::vector<std::pair<std::string_view, std::string_view>>;

unsigned status_of(const Fields& fields, unsigned version = 11) {
  const auto error = check_framing(fields, version);
  return error ? error->status : 0;
}

TEST(Framing, TransferEncodingMustBeExactlyChunked) {
  EXPECT_EQ(status_of({{"Host", "x"}, {"Transfer-Encoding", "chunked"}}), 0U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"transfer-encoding", " Chunked "}}), 0U);
  for (std::string_view te : {"identity", "gzip", "chunked, identity", "xchunked", "chunked, chunked", ""}) {
    EXPECT_EQ(status_of({{"Host", "x"}, {"Transfer-Encoding", te}}), 400U) << te;
  }
  EXPECT_EQ(status_of({{"Host", "x"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Transfer-Encoding", "gzip, chunked"}}), 501U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Transfer-Encoding", "chunked"}}, 10), 400U);
}

TEST(Framing, ContentLengthIsOneNumberAndNeverBesideTransferEncoding) {
  EXPECT_EQ(status_of({{"Host", "x"}, {"Content-Length", "12"}}), 0U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Content-Length", "12"}, {"Content-Length", "12"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Content-Length", "12, 12"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Content-Length", "+12"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Content-Length", "4"}, {"Transfer-Encoding", "chunked"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "x"}, {"Transfer-Encoding", "gzip"}, {"Content-Length", "4"}}), 400U);
}

TEST(Framing, HostIsRequiredOnceInHttp11) {
  EXPECT_EQ(status_of({}), 400U);
  EXPECT_EQ(status_of({}, 10), 0U);
  EXPECT_EQ(status_of({{"Host", "a"}, {"Host", "a"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "a"}, {"Host", "b"}}, 10), 400U);
  EXPECT_EQ(status_of({{"Host", "desk.example.com:8080"}}), 0U);
  EXPECT_EQ(status_of({{"Host", "[::1]:8080"}}), 0U);
  EXPECT_EQ(status_of({{"Host", ""}}), 0U);
  EXPECT_EQ(status_of({{"Host", "user@evil"}}), 400U);
  EXPECT_EQ(status_of({{"Host", "a b"}}), 400U);
}

TEST(Framing, HeaderBlockEndsAtTheFirstEmptyLine) {
  EXPECT_EQ(header_block_length("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), 27U);
  EXPECT_EQ(header_block_length("\r\nGET / HTTP/1.1\r\n\r\n"), 20U);
  EXPECT_EQ(header_block_length("GET / HTTP/1.1\n\n"), 16U);
  EXPECT_FALSE(header_block_length("GET / HTTP/1.1\r\nHost: x\r\n"));
  EXPECT_FALSE(header_block_length("GET / HTTP/1.1\r\nHost: x\r\n\r"));
}

TEST(Framing, FoldedLinesAreRefused) {
  EXPECT_FALSE(check_header_block("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n\r\n"));
  EXPECT_TRUE(check_header_block("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n"));
  EXPECT_TRUE(check_header_block("GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n"));
  EXPECT_TRUE(check_header_block("GET / HTTP/1.1\r\n Host: x\r\n\r\n"));
}

TEST(TrustedProxies, HeadersCountOnlyFromTrustedPeers) {
  const TrustedProxies none;
  const TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  const Fields xff = {{"X-Forwarded-For", "203.0.113.9, 198.51.100.1, 10.1.2.3"}};
  EXPECT_EQ(none.client_address("127.0.0.1", xff), "127.0.0.1");
  EXPECT_EQ(proxies.client_address("192.0.2.1", xff), "192.0.2.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", xff), "198.51.100.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", {}), "127.0.0.1");
  // Forwarded wins over X-Forwarded-For; quoted IPv6 with a port.
  const Fields both = {{"X-Forwarded-For", "198.51.100.1"},
                       {"Forwarded", R"(for="[2001:db8::7]:4711";proto=https)"}};
  EXPECT_EQ(proxies.client_address("fd00::1", both), "2001:db8::7");
  // An unreadable hop stops the walk at the last trusted address.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {{"X-Forwarded-For", "nonsense, 10.0.0.2"}}), "10.0.0.2");
  // Every hop trusted: the leftmost one.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {{"X-Forwarded-For", "10.0.0.3"}}), "10.0.0.3");
}

TEST(TrustedProxies, EntriesMustBeAddressesOrNetworks) {
  EXPECT_THROW(TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"proxy.example.com"}), std::invalid_argument);
  EXPECT_TRUE(TrustedProxies({"10.1.0.0/16"}).contains(boost::asio::ip::make_address("10.1.2.3")));
  EXPECT_FALSE(TrustedProxies({"10.1.0.0/16"}).contains(boost::asio::ip::make_address("10.2.0.1")));
  EXPECT_TRUE(TrustedProxies({"0.0.0.0/0"}).contains(boost::asio::ip::make_address("192.0.2.1")));
}

}  // namespace
}  // namespace frontdesk::http
