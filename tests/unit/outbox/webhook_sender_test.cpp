// SPDX-License-Identifier: Apache-2.0
#include "outbox/webhook_sender.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

namespace frontdesk::outbox {
namespace {

using namespace std::chrono_literals;
using boost::asio::ip::tcp;

WebhookUrl parse(std::string_view text) {
  std::string error;
  auto url = parse_webhook_url(text, error);
  EXPECT_TRUE(url) << text << ": " << error;
  return url.value_or(WebhookUrl{});
}

std::string error_of(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_webhook_url(text, error)) << text;
  return error;
}

TEST(WebhookUrl, HttpWithDefaultPortAndRootTarget) {
  const auto u = parse("http://hooks.example.com");
  EXPECT_FALSE(u.tls);
  EXPECT_EQ(u.host, "hooks.example.com");
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.target, "/");
  EXPECT_EQ(u.host_header, "hooks.example.com");
}

TEST(WebhookUrl, HttpsKeepsPathQueryAndExplicitPortButNotTheFragment) {
  const auto u = parse("https://chat.example.com:8443/hooks/T0/B1?x=a%20b#frag");
  EXPECT_TRUE(u.tls);
  EXPECT_EQ(u.host, "chat.example.com");
  EXPECT_EQ(u.port, "8443");
  EXPECT_EQ(u.target, "/hooks/T0/B1?x=a%20b");
  EXPECT_EQ(u.host_header, "chat.example.com:8443");
  EXPECT_EQ(parse("https://chat.example.com?x=1").target, "/?x=1");
  EXPECT_EQ(parse("HTTPS://chat.example.com/").port, "443");
}

TEST(WebhookUrl, IpLiterals) {
  const auto v4 = parse("http://127.0.0.1:9000/h");
  EXPECT_EQ(v4.host, "127.0.0.1");
  EXPECT_EQ(v4.host_header, "127.0.0.1:9000");
  const auto v6 = parse("http://[::1]:9000/h");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.host_header, "[::1]:9000");
}

TEST(WebhookUrl, RejectsOtherSchemesRelativeUrlsMissingHostsAndCredentials) {
  EXPECT_EQ(error_of("ftp://example.com/x"), "the scheme must be http or https, got 'ftp'");
  EXPECT_EQ(error_of("/hooks/x"), "not an absolute URL");
  EXPECT_EQ(error_of("hooks.example.com/x"), "not an absolute URL");
  EXPECT_EQ(error_of("http:///x"), "the URL has no host");
  EXPECT_EQ(error_of("https://user:secret@example.com/"), "user names and passwords in the URL are not supported");
  EXPECT_EQ(error_of("http://exa mple.com/"), "not an absolute URL");
}

TEST(WebhookOutcome, SuccessRetryableAndPermanentStatuses) {
  for (unsigned s : {200u, 201u, 202u, 204u, 299u}) EXPECT_EQ(webhook_outcome(s, "OK").status, FD_DELIVERY_SENT) << s;
  for (unsigned s : {408u, 429u, 500u, 502u, 503u, 504u, 599u}) {
    EXPECT_EQ(webhook_outcome(s, "x").status, FD_DELIVERY_TRANSIENT) << s;
  }
  for (unsigned s : {301u, 400u, 401u, 403u, 404u, 410u, 422u}) {
    EXPECT_EQ(webhook_outcome(s, "x").status, FD_DELIVERY_PERMANENT) << s;
  }
  EXPECT_EQ(webhook_outcome(404, "Not Found").error, "webhook refused the notification: HTTP 404 Not Found");
  EXPECT_EQ(webhook_outcome(503, "Service Unavailable").error, "webhook answered HTTP 503 Service Unavailable");
  EXPECT_EQ(webhook_outcome(500, "").error, "webhook answered HTTP 500");
}

plugin_host::Outbound to(std::string url) {
  plugin_host::Outbound m;
  m.outbox_id = 7;
  m.to_kind = "url";
  m.to_value = std::move(url);
  m.body = R"({"event":"ticket.created"})";
  return m;
}

std::vector<plugin_host::DeliveryResult> send(WebhookSender& sender, std::vector<std::string> urls) {
  std::vector<plugin_host::DeliveryResult> results(urls.size());
  std::vector<std::pair<plugin_host::Outbound, WebhookSender::Done>> jobs;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    jobs.emplace_back(to(urls[i]), [&results, i](const plugin_host::DeliveryResult& r) { results[i] = r; });
  }
  sender.send_all(std::move(jobs));
  return results;
}

TEST(WebhookSender, RefusedConnectionsAndSilentServersAreTransientAndNameOnlyTheHost) {
  boost::asio::io_context io;
  // Listening but never answering: the connection opens, the answer never comes.
  tcp::acceptor silent(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const auto silent_port = std::to_string(silent.local_endpoint().port());
  tcp::acceptor closed(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const auto closed_port = std::to_string(closed.local_endpoint().port());
  closed.close();

  WebhookSender sender({200ms, net::DestinationGuard(net::IpNetworks({"127.0.0.1"}), "test")});
  const auto start = std::chrono::steady_clock::now();
  const auto r = send(sender, {"http://127.0.0.1:" + silent_port + "/secret-token",
                               "https://127.0.0.1:" + silent_port + "/secret-token",
                               "http://127.0.0.1:" + closed_port + "/secret-token", "gopher://x/"});
  // Sent concurrently: both silent servers time out together.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(r[0].status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(r[0].error, "webhook 127.0.0.1:" + silent_port + ": no answer within 200 ms");
  EXPECT_EQ(r[1].status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(r[1].error, "webhook 127.0.0.1:" + silent_port + ": no answer within 200 ms");
  EXPECT_EQ(r[2].status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(r[2].error, "webhook 127.0.0.1:" + closed_port + ": Connection refused");
  EXPECT_EQ(r[3].status, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(r[3].error, "bad webhook URL: the scheme must be http or https, got 'gopher'");
}

TEST(WebhookSender, NonPublicDestinationsFailPermanentlyWithoutAConnection) {
  boost::asio::io_context io;
  tcp::acceptor listening(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  listening.non_blocking(true);
  const auto port = std::to_string(listening.local_endpoint().port());
  config::WebhooksConfig config;
  WebhookSender sender({200ms, webhook_guard(config)});
  const auto r = send(sender, {"http://127.0.0.1:" + port + "/h", "http://localhost:" + port + "/h",
                               "https://[::ffff:127.0.0.1]:" + port + "/h"});
  const std::string refused = " is a loopback address, refused unless webhooks.allow_private_networks lists it";
  EXPECT_EQ(r[0].status, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(r[0].error, "webhook 127.0.0.1:" + port + ": 127.0.0.1" + refused);
  // A name is judged by the addresses it resolves to.
  EXPECT_EQ(r[1].status, FD_DELIVERY_PERMANENT);
  EXPECT_TRUE(r[1].error.starts_with("webhook localhost:" + port + ": ")) << r[1].error;
  EXPECT_TRUE(r[1].error.ends_with(refused)) << r[1].error;
  EXPECT_EQ(r[2].status, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(r[2].error, "webhook [::ffff:127.0.0.1]:" + port + ": ::ffff:127.0.0.1" + refused);
  boost::system::error_code ec;
  tcp::socket peer(io);
  listening.accept(peer, ec);
  EXPECT_EQ(ec, boost::asio::error::would_block) << "the sender connected";

  // Allowed in configuration, the same destination is delivered to (here: refused by the peer).
  config.allow_private_networks = {"127.0.0.0/8"};
  WebhookSender allowed({200ms, webhook_guard(config)});
  listening.close();
  EXPECT_EQ(send(allowed, {"http://127.0.0.1:" + port + "/h"})[0].error,
            "webhook 127.0.0.1:" + port + ": Connection refused");
}

}  // namespace
}  // namespace frontdesk::outbox
