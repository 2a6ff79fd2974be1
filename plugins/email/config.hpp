// SPDX-License-Identifier: Apache-2.0
// The email channel's configuration (`channels.email` without `enabled`).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::email {

struct Pop3Mailbox {
  std::string host;
  std::uint16_t port = 110;
  std::string user;
  std::string password;
  bool tls = false;  // POP3S (implicit TLS); the port then defaults to 995
};

struct OutboundServer {
  std::string host = "127.0.0.1";
  std::uint16_t port = 25;
  bool starttls = false;
  std::string username;  // AUTH only when set
  std::string password;
};

struct Config {
  std::string address = "support@example.com";  // lower-cased
  std::vector<std::string> aliases;              // further accepted recipients, lower-cased
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 2525;
  bool lmtp = false;
  std::vector<Pop3Mailbox> pop3;
  std::chrono::seconds pop3_interval{60};
  OutboundServer outbound;
  std::size_t max_message_bytes = std::size_t{25} * 1024 * 1024;
  std::size_t max_attachment_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_sessions = 100;
  // Mail bytes held at once across all sessions (received, or waiting for the commit);
  // past it DATA gets 452 and the sender retries later. At least max_message_bytes.
  std::size_t max_pending_bytes = std::size_t{100} * 1024 * 1024;
  std::chrono::seconds session_timeout{300};
  // STARTTLS on the listener: PEM files, both or neither.
  std::string tls_certificate;
  std::string tls_key;

  // The recipients the listener accepts: the address and its aliases.
  [[nodiscard]] bool accepts(std::string_view recipient) const;
};

// Reads the JSON object the host passes to create(). Throws std::invalid_argument naming
// the key (channels.email.<key>) when a value is missing, of the wrong type or out of range.
[[nodiscard]] Config parse_config(std::string_view json);

}  // namespace frontdesk::email
