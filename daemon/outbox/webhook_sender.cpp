// SPDX-License-Identifier: Apache-2.0
#include "outbox/webhook_sender.hpp"

#include "outbox/webhook_signature.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace frontdesk::outbox {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using plugin_host::DeliveryResult;

struct WebhookSender::Tls {
  ssl::context context{ssl::context::tls_client};
};

namespace {

constexpr std::string_view kUserAgent = "Frontdesk/" FRONTDESK_VERSION " (webhook)";
constexpr std::size_t kMaxReason = 120;

DeliveryResult transient(std::string error) { return {FD_DELIVERY_TRANSIENT, "", std::move(error)}; }

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

bhttp::request<bhttp::string_body> make_request(const WebhookUrl& url, const plugin_host::Outbound& m,
                                                const std::string& secret, const std::string& event_type) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, url.target, 11};
  req.set(bhttp::field::host, url.host_header);
  req.set(bhttp::field::user_agent, kUserAgent);
  req.set(bhttp::field::content_type, "application/json");
  req.set(bhttp::field::connection, "close");
  // Delivery is at least once: receivers can drop a repeat by this id.
  req.set("X-Frontdesk-Delivery", std::to_string(m.outbox_id));
  if (!event_type.empty()) req.set("X-Frontdesk-Event", event_type);
  if (!secret.empty()) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    req.set(kSignatureHeader, webhook_signature(secret, now.count(), m.body));
  }
  req.body() = m.body;
  req.prepare_payload();
  return req;
}

// Only the answer's status line matters, so the body is never read.
template <class Stream>
asio::awaitable<DeliveryResult> exchange(Stream& stream, const bhttp::request<bhttp::string_body>& req) {
  co_await bhttp::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> parser;
  co_await bhttp::async_read_header(stream, buffer, parser, asio::use_awaitable);
  const auto& response = parser.get();
  co_return webhook_outcome(response.result_int(),
                            std::string_view(response.reason().data(), response.reason().size()));
}

// Errors name the host only: webhook URLs often carry their secret in the path.
asio::awaitable<DeliveryResult> post(ssl::context& tls, const WebhookOptions& options, plugin_host::Outbound m,
                                     std::string secret, std::string event_type) {
  const auto timeout = options.timeout;
  std::string error;
  const auto url = parse_webhook_url(m.to_value, error);
  if (!url) co_return DeliveryResult{FD_DELIVERY_PERMANENT, "", "bad webhook URL: " + error};
  const auto req = make_request(*url, m, secret, event_type);
  const std::string where = "webhook " + url->host_header + ": ";
  try {
    const auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    const auto resolved = co_await resolver.async_resolve(url->host, url->port, asio::use_awaitable);
    // Permanent: the same name will resolve the same way on the next attempt, and a retry
    // storm against an internal address is what the guard is for.
    const auto endpoints = options.guard.permitted(resolved, error);
    if (endpoints.empty()) co_return DeliveryResult{FD_DELIVERY_PERMANENT, "", where + error};
    if (!url->tls) {
      beast::tcp_stream stream(executor);
      stream.expires_after(timeout);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      co_return co_await exchange(stream, req);
    }
    beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
    // SNI carries host names only (RFC 6066); the certificate must match either way.
    if (!is_ip_literal(url->host) && SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str()) != 1) {
      co_return transient(where + "cannot set the TLS server name");
    }
    stream.set_verify_callback(ssl::host_name_verification(url->host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    co_return co_await exchange(stream, req);
  } catch (const boost::system::system_error& e) {
    if (e.code() == beast::error::timeout) {
      co_return transient(where + "no answer within " + std::to_string(timeout.count()) + " ms");
    }
    co_return transient(where + e.code().message());
  }
}

}  // namespace

std::optional<WebhookUrl> parse_webhook_url(std::string_view text, std::string& error) {
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    error = "not an absolute URL";
    return std::nullopt;
  }
  const boost::urls::url_view& u = *parsed;
  WebhookUrl url;
  if (u.scheme_id() == boost::urls::scheme::https) {
    url.tls = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    error = "the scheme must be http or https, got '" + std::string(u.scheme()) + "'";
    return std::nullopt;
  }
  if (u.has_userinfo()) {
    error = "user names and passwords in the URL are not supported";
    return std::nullopt;
  }
  const auto type = u.host_type();
  url.host = u.host_address();
  if (url.host.empty() || type == boost::urls::host_type::ipvfuture) {
    error = "the URL has no host";
    return std::nullopt;
  }
  url.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : url.tls ? "443" : "80";
  url.target = std::string(u.encoded_target());
  if (url.target.empty() || url.target.front() != '/') url.target.insert(0, "/");
  url.host_header = type == boost::urls::host_type::ipv6 ? "[" + url.host + "]" : url.host;
  if (u.has_port() && !u.port().empty()) url.host_header += ":" + url.port;
  return url;
}

net::DestinationGuard webhook_guard(const config::WebhooksConfig& config) {
  return net::DestinationGuard(net::IpNetworks(config.allow_private_networks), "webhooks.allow_private_networks");
}

DeliveryResult webhook_outcome(unsigned status, std::string_view reason) {
  if (status >= 200 && status < 300) return {FD_DELIVERY_SENT, "", ""};
  std::string what = "HTTP " + std::to_string(status);
  if (!reason.empty()) what += " " + std::string(reason.substr(0, kMaxReason));
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
    return transient("webhook answered " + what);
  }
  return {FD_DELIVERY_PERMANENT, "", "webhook refused the notification: " + what};
}

WebhookSender::WebhookSender(WebhookOptions options) : options_(std::move(options)), tls_(std::make_unique<Tls>()) {
  tls_->context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                            ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  tls_->context.set_default_verify_paths();
  tls_->context.set_verify_mode(ssl::verify_peer);
}

WebhookSender::~WebhookSender() = default;

void WebhookSender::send_all(std::vector<std::pair<plugin_host::Outbound, Done>> jobs) {
  std::vector<Job> all;
  all.reserve(jobs.size());
  for (auto& [message, done] : jobs) all.push_back(Job{std::move(message), std::move(done), {}, {}});
  send_all(std::move(all));
}

void WebhookSender::send_all(std::vector<Job> jobs) {
  asio::io_context io;
  for (auto& [message, done, secret, event_type] : jobs) {
    auto finished = [done = std::move(done)](std::exception_ptr error, DeliveryResult result) {
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          result = transient(std::string("webhook: ") + e.what());
        }
      }
      done(result);
    };
    asio::co_spawn(io, post(tls_->context, options_, std::move(message), std::move(secret), std::move(event_type)),
                   std::move(finished));
  }
  io.run();
}

}  // namespace frontdesk::outbox
