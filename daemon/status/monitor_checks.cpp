// SPDX-License-Identifier: Apache-2.0
#include "status/monitor_checks.hpp"

#include "outbox/webhook_sender.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <vector>

namespace frontdesk::status {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Kind = config::MonitorConfig::Kind;

namespace {

constexpr std::uint64_t kBodyLimit = 1024 * 1024;

// The check's I/O objects and its deadline: when the timer fires first it cancels name
// resolution (which the stream's own expiry does not cover). Shared with the timer's
// handler, which runs on the same strand.
struct Attempt {
  explicit Attempt(const asio::any_io_executor& ex) : timer(ex), resolver(ex) {}
  asio::steady_timer timer;
  tcp::resolver resolver;
};

std::string host_of(const std::string& host_port, std::string& port) {
  const auto colon = host_port.rfind(':');
  port = host_port.substr(colon + 1);
  std::string host = host_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host;
}

asio::awaitable<std::string> http_check(const config::MonitorConfig& m, ssl::context& https, Attempt& attempt,
                                        const std::vector<tcp::endpoint>& endpoints,
                                        const outbox::WebhookUrl& url) {
  const auto executor = co_await asio::this_coro::executor;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, url.target, 11};
  req.set(bhttp::field::host, url.host_header);
  req.set(bhttp::field::user_agent, "Frontdesk status monitor");
  req.set(bhttp::field::connection, "close");
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kBodyLimit);
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(attempt.timer.expiry() -
                                                                        std::chrono::steady_clock::now());
  if (url.tls) {
    beast::ssl_stream<beast::tcp_stream> stream(executor, https);
    if (SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1) co_return "cannot set SNI";
    stream.set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(left);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    co_await bhttp::async_write(stream, req, asio::use_awaitable);
    co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
  } else {
    beast::tcp_stream stream(executor);
    stream.expires_after(left);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    co_await bhttp::async_write(stream, req, asio::use_awaitable);
    co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
  }
  const auto& res = parser.get();
  const unsigned status = res.result_int();
  const bool status_ok = m.expect_status != 0 ? status == static_cast<unsigned>(m.expect_status)
                                              : status >= 200 && status < 400;
  if (!status_ok) {
    co_return "HTTP " + std::to_string(status) +
        (m.expect_status != 0 ? " (expected " + std::to_string(m.expect_status) + ")" : std::string());
  }
  if (!m.expect_text.empty() && res.body().find(m.expect_text) == std::string::npos) {
    co_return "the answer does not contain \"" + m.expect_text + "\"";
  }
  co_return "";
}

asio::awaitable<std::string> tls_check(const config::MonitorConfig& m, Attempt& attempt,
                                       const std::vector<tcp::endpoint>& endpoints, const std::string& host) {
  const auto executor = co_await asio::this_coro::executor;
  // The expiry is checked whoever signed the certificate: internal services have their own CAs.
  ssl::context context(ssl::context::tls_client);
  context.set_verify_mode(ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(executor, context);
  (void)SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  beast::get_lowest_layer(stream).expires_at(attempt.timer.expiry());
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
  co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
  std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(stream.native_handle()), X509_free);
  if (!cert) co_return "the server sent no certificate";
  int days = 0;
  int seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert.get())) != 1) {
    co_return "cannot read the certificate's expiry";
  }
  if (days < 0 || seconds < 0) co_return "the certificate has expired";
  if (days < m.min_days) {
    co_return "the certificate expires in " + std::to_string(days) + " days (fewer than " +
        std::to_string(m.min_days) + ")";
  }
  co_return "";
}

asio::awaitable<std::string> check(const config::MonitorConfig& m, const net::DestinationGuard& guard,
                                   ssl::context& https, Attempt& attempt) {
  if (m.kind == Kind::dns) {
    const auto found = co_await attempt.resolver.async_resolve(m.target, "", asio::use_awaitable);
    co_return found.empty() ? "the name has no address" : "";
  }
  std::string error;
  std::optional<outbox::WebhookUrl> url;
  std::string host;
  std::string port;
  if (m.kind == Kind::http) {
    url = outbox::parse_webhook_url(m.target, error);
    if (!url) co_return "bad URL: " + error;
    host = url->host;
    port = url->port;
  } else {
    host = host_of(m.target, port);
  }
  // Only the addresses the guard lets through are connected to.
  const auto resolved = co_await attempt.resolver.async_resolve(host, port, asio::use_awaitable);
  const auto endpoints = guard.permitted(resolved, error);
  if (endpoints.empty()) co_return error;
  if (url) co_return co_await http_check(m, https, attempt, endpoints, *url);
  if (m.kind == Kind::tls) co_return co_await tls_check(m, attempt, endpoints, host);
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_at(attempt.timer.expiry());
  co_await stream.async_connect(endpoints, asio::use_awaitable);
  co_return "";
}

}  // namespace

asio::awaitable<CheckResult> run_check(const config::MonitorConfig& monitor, const net::DestinationGuard& guard,
                                       ssl::context& https) {
  const auto started = std::chrono::steady_clock::now();
  auto attempt = std::make_shared<Attempt>(co_await asio::this_coro::executor);
  attempt->timer.expires_after(monitor.timeout);
  attempt->timer.async_wait([attempt](const boost::system::error_code& ec) {
    if (!ec) attempt->resolver.cancel();
  });
  CheckResult result;
  try {
    result.error = co_await check(monitor, guard, https, *attempt);
  } catch (const boost::system::system_error& e) {
    const bool late = e.code() == beast::error::timeout || std::chrono::steady_clock::now() >= attempt->timer.expiry();
    result.error = late ? "no answer within " + std::to_string(monitor.timeout.count()) + " ms" : e.code().message();
  }
  attempt->timer.cancel();
  result.ok = result.error.empty();
  result.latency = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  co_return result;
}

}  // namespace frontdesk::status
