// SPDX-License-Identifier: Apache-2.0
// The SMTP/LMTP listener: Asio on its own io_context and thread, one coroutine per
// session, a cap on concurrent sessions and an idle timeout per session. A completed
// message goes to the sink; its 250 (or 451/554) is written only when the sink answers,
// i.e. after the commit. Commands pipelined behind DATA wait for that answer. With a TLS
// context the listener offers STARTTLS and continues the session encrypted.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mail_store.hpp"
#include "smtp_protocol.hpp"

namespace frontdesk::email {

using SinkDone = std::function<void(StoreResult)>;
// Takes one received message; calls `done` exactly once, from any thread.
using MessageSink = std::function<void(ReceivedMessage, SinkDone)>;

struct SmtpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = any free port (tests)
  SmtpOptions protocol;
  std::size_t max_sessions = 100;
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(5);
  // The certificate and key STARTTLS uses; null: STARTTLS is not offered.
  std::shared_ptr<boost::asio::ssl::context> tls;
};

// A server context from PEM files: the certificate (chain) and its private key, TLS 1.2 or
// newer. Throws std::runtime_error naming the file that cannot be used.
[[nodiscard]] std::shared_ptr<boost::asio::ssl::context> server_tls_context(const std::string& certificate,
                                                                            const std::string& key);

class SmtpServer {
 public:
  SmtpServer(SmtpServerOptions options, MessageSink sink);
  ~SmtpServer();  // closes every session and joins the thread
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Binds and starts serving; throws std::runtime_error when the address cannot be bound.
  void start();
  // Stops accepting and closes idle sessions; sessions waiting for a commit answer it first.
  void stop();
  [[nodiscard]] std::uint16_t local_port() const noexcept { return port_.load(); }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  std::atomic<std::uint16_t> port_{0};
  std::atomic<std::size_t> sessions_{0};
  std::thread thread_;
};

}  // namespace frontdesk::email
