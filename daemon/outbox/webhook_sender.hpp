// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox's own channel 'webhook' (rules' `notify: {webhook: url}`): each row's JSON body
// is POSTed to its URL over http, or https with the peer's certificate verified against the
// system store and SNI sent. 2xx means delivered; 408, 429, 5xx and failures to connect or
// answer within the timeout are transient (the worker's backoff and dead-letter apply);
// any other answer is a permanent failure naming the status. Redirects are not followed.
// A URL whose host resolves only to addresses the destination guard refuses (loopback,
// private networks: net/destination_guard.hpp) fails permanently without a connection.
#include "config/config.hpp"
#include "net/destination_guard.hpp"
#include "plugin_host/plugin_host.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::outbox {

inline constexpr std::string_view kWebhookChannel = "webhook";

struct WebhookUrl {
  bool tls = false;
  std::string host;    // without brackets for IPv6 literals
  std::string port;    // as given, else 80 or 443
  std::string target;  // path and query, "/" at least
  std::string host_header;  // the Host field: host, bracketed if IPv6, and a given port
};

// Parses an absolute http:// or https:// URL with a host; nullopt and `error` otherwise.
std::optional<WebhookUrl> parse_webhook_url(std::string_view url, std::string& error);

// The guard every webhook URL answers to, when given (the API, status subscriptions) and at
// each delivery: webhooks.allow_private_networks names the non-public networks allowed.
net::DestinationGuard webhook_guard(const config::WebhooksConfig& config);

// What an HTTP answer means for the row.
plugin_host::DeliveryResult webhook_outcome(unsigned status, std::string_view reason);

struct WebhookOptions {
  // Covers connecting, the TLS handshake, sending and the answer's header.
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
  // Which non-public addresses may be reached (webhooks.allow_private_networks).
  net::DestinationGuard guard;
};

class WebhookSender {
 public:
  using Done = std::function<void(const plugin_host::DeliveryResult&)>;

  explicit WebhookSender(WebhookOptions options = {});
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // One POST; a webhook subscription's delivery carries its secret (signed, see
  // webhook_signature.hpp) and its event type (X-Frontdesk-Event).
  struct Job {
    plugin_host::Outbound message;
    Done done;
    std::string secret;  // empty: not signed (rules' notify webhooks)
    std::string event_type;
  };

  // Posts all `jobs` concurrently on the calling thread and returns when each one's `done`
  // has run (every request ends within the timeout, name resolution aside). Thread-safe.
  void send_all(std::vector<Job> jobs);
  void send_all(std::vector<std::pair<plugin_host::Outbound, Done>> jobs);

 private:
  struct Tls;
  WebhookOptions options_;
  std::unique_ptr<Tls> tls_;
};

}  // namespace frontdesk::outbox
