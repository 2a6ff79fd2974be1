// SPDX-License-Identifier: Apache-2.0
// The email channel as a Frontdesk plugin: the SMTP/LMTP listener, POP3 polling and
// outbound replies, glued to the host.
#include <frontdesk/plugin.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "config.hpp"
#include "mail_store.hpp"
#include "outbound_mail.hpp"
#include "outbound_queue.hpp"
#include "pop3_poller.hpp"
#include "smtp_server.hpp"

namespace frontdesk::email {
namespace {

class EmailPlugin final : public sdk::Plugin {
 public:
  EmailPlugin(sdk::Host& host, std::string_view config_json)
      : host_(host), config_(parse_config(config_json)) {
    options_.our_address = config_.address;
    options_.max_attachment_bytes = config_.max_attachment_bytes;
    store_host_.submit = [this](const sdk::InboundMessage& m, sdk::SubmitDone done) {
      host_.submit(m, std::move(done));
    };
    store_host_.mark_failed = [this](const std::string& id, const std::string& error,
                                     std::function<void(fd_update_result)> done) {
      host_.update_delivery(id, "failed", error, std::move(done));
    };
    store_host_.log = [this](fd_log_level level, const std::string& line) { host_.log(level, line); };
  }

  ~EmailPlugin() override {
    // Listener and poller first: nothing new arrives while the sender drains.
    server_.reset();
    poller_.reset();
    outbound_.reset();
  }

  EmailPlugin(const EmailPlugin&) = delete;
  EmailPlugin& operator=(const EmailPlugin&) = delete;
  EmailPlugin(EmailPlugin&&) = delete;
  EmailPlugin& operator=(EmailPlugin&&) = delete;

  void start() override {
    SmtpServerOptions server;
    server.host = config_.listen_host;
    server.port = config_.listen_port;
    server.max_sessions = config_.max_sessions;
    server.idle_timeout = config_.session_timeout;
    server.protocol.lmtp = config_.lmtp;
    server.protocol.max_message_bytes = config_.max_message_bytes;
    server.protocol.budget = std::make_shared<MailBudget>(config_.max_pending_bytes);
    server.protocol.hostname = config_.address.substr(config_.address.find('@') + 1);
    server.protocol.accepts = [this](std::string_view rcpt) { return config_.accepts(rcpt); };
    if (!config_.tls_certificate.empty()) server.tls = server_tls_context(config_.tls_certificate, config_.tls_key);
    const std::string source = config_.lmtp ? "lmtp" : "smtp";
    server_ = std::make_unique<SmtpServer>(
        server, [this, source](ReceivedMessage message, SinkDone done) {
          Envelope envelope{message.mail_from, message.recipients, source};
          store_mail(store_host_, options_, std::move(message.data), envelope, std::move(done));
        });
    server_->start();
    host_.log(FD_LOG_INFO, "listening for " + source + " on " + config_.listen_host + ":" +
                               std::to_string(server_->local_port()) + " for " + config_.address);

    if (!config_.pop3.empty()) {
      poller_ = std::make_unique<Pop3Poller>(
          config_.pop3, config_.pop3_interval,
          [this](std::string raw, Envelope envelope, std::function<void(bool)> done) {
            store_mail(store_host_, options_, std::move(raw), envelope,
                       [done = std::move(done)](const StoreResult& r) {
                         done(r.kind != StoreResult::Kind::retry);
                       });
          },
          [this](bool error, const std::string& line) {
            host_.log(error ? FD_LOG_WARN : FD_LOG_INFO, line);
          });
      poller_->start();
    }
  }

  void stop() override {
    if (server_) server_->stop();
    if (poller_) poller_->stop();
  }

  void deliver(const sdk::OutboundMessage& message, sdk::DeliverDone done) override {
    if (message.to_kind() != "email") {
      done(FD_DELIVERY_PERMANENT, {},
           "the email channel sends to email identities, not '" + std::string(message.to_kind()) + "'");
      return;
    }
    OutboundRequest request;
    request.outbox_id = message.outbox_id();
    request.ticket_number = std::string(message.ticket_number());
    request.to = std::string(message.to_value());
    request.subject = std::string(message.subject());
    request.body = std::string(message.body());
    request.metadata_json = std::string(message.metadata_json());
    outbound_->push([this, request = std::move(request), done = std::move(done)](bool cancelled) {
      if (cancelled) {
        done(FD_DELIVERY_TRANSIENT, {}, "the email channel is shutting down");
        return;
      }
      const std::string id = make_message_id(config_.address, request.outbox_id);
      auto composed = compose_mail(config_, request, id);
      if (auto* error = std::get_if<std::string>(&composed)) {
        done(FD_DELIVERY_PERMANENT, {}, *error);
        return;
      }
      const DeliveryOutcome outcome =
          send_mail(config_.outbound, config_.address, std::get<ComposedMail>(composed));
      if (outcome.status != FD_DELIVERY_SENT) {
        host_.log(FD_LOG_WARN, "outbox " + std::to_string(request.outbox_id) + ": " + outcome.error);
      }
      done(outcome.status, outcome.provider_id, outcome.error);
    });
  }

 private:
  sdk::Host& host_;
  Config config_;
  NormalizeOptions options_;
  StoreHost store_host_;
  std::unique_ptr<OutboundQueue> outbound_ = std::make_unique<OutboundQueue>();
  std::unique_ptr<SmtpServer> server_;
  std::unique_ptr<Pop3Poller> poller_;
};

// Defaults here and in Config must agree; the unit tests check that they do.
const fd_config_key kEmailKeys[] = {
    {"address", FD_CONFIG_STRING, "\"support@example.com\"",
     "The support address: accepted as recipient, From of replies, X-Loop value"},
    {"aliases", FD_CONFIG_LIST, "[]", "Further recipient addresses the listener accepts"},
    {"listen", FD_CONFIG_STRING, "\"127.0.0.1:2525\"", "host:port of the SMTP/LMTP listener"},
    {"protocol", FD_CONFIG_STRING, "\"smtp\"", "smtp or lmtp"},
    {"pop3", FD_CONFIG_LIST, "[]",
     "Mailboxes to poll: each {host, port, user, password, tls}"},
    {"pop3_interval_seconds", FD_CONFIG_INT, "60", "Seconds between POP3 polls"},
    {"outbound", FD_CONFIG_MAP,
     R"({"host":"127.0.0.1","port":25,"starttls":false,"username":"","password":""})",
     "SMTP server for replies: {host, port, starttls, username, password}"},
    {"max_message_bytes", FD_CONFIG_INT, "26214400",
     "Largest message accepted (SIZE); larger ones get 552"},
    {"max_attachment_bytes", FD_CONFIG_INT, "10485760",
     "Largest attachment stored; larger ones are dropped and named in the metadata"},
    {"max_sessions", FD_CONFIG_INT, "100", "Concurrent SMTP/LMTP sessions; more get 421"},
    {"max_pending_bytes", FD_CONFIG_INT, "104857600",
     "Mail bytes held at once across all sessions (being received or stored); past it DATA "
     "gets 452 and the sender retries later. At least max_message_bytes"},
    {"session_timeout_seconds", FD_CONFIG_INT, "300",
     "Idle seconds before a session is closed with 421"},
    {"tls_certificate", FD_CONFIG_STRING, "\"\"",
     "PEM certificate (chain) for STARTTLS on the listener; empty: STARTTLS is not offered"},
    {"tls_key", FD_CONFIG_STRING, "\"\"", "PEM private key of tls_certificate"},
};

}  // namespace
}  // namespace frontdesk::email

FRONTDESK_PLUGIN(frontdesk::email::EmailPlugin, "email", FRONTDESK_EMAIL_VERSION,
                 frontdesk::email::kEmailKeys)
