// SPDX-License-Identifier: Apache-2.0
// The WhatsApp Cloud API channel as a Frontdesk plugin: the webhook routes, media
// downloads and outbound sends (on the plugin's own threads) over the tested core.
#include <frontdesk/plugin.hpp>

#include "config.hpp"
#include "media.hpp"
#include "outbound.hpp"
#include "provider/delivery.hpp"
#include "provider/form.hpp"
#include "provider/phone_plugin.hpp"
#include "provider/signatures.hpp"
#include "webhook.hpp"


#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

namespace frontdesk::whatsapp {
namespace {

using provider::json_error;

// Answers one webhook once every message and status in it has been committed.
class WebhookAnswer {
 public:
  WebhookAnswer(sdk::Responder out, std::size_t parts) : out_(std::move(out)), remaining_(parts) {
    if (parts == 0) finish();
  }
  void retry_later() { retry_ = true; }
  void rejected(std::string reason) {
    std::lock_guard lock(mutex_);
    rejection_ = std::move(reason);
  }
  void part_done() {
    if (--remaining_ == 0) finish();
  }

 private:
  void finish() {
    if (retry_) {
      out_.send(provider::not_stored());
    } else if (!rejection_.empty()) {
      out_.send(json_error(400, "invalid_message", rejection_));
    } else {
      out_.send(sdk::Response::json(200, R"({"success":true})"));
    }
  }
  sdk::Responder out_;
  std::atomic<std::size_t> remaining_;
  std::atomic<bool> retry_{false};
  std::mutex mutex_;
  std::string rejection_;  // guarded by mutex_
};

class WhatsAppPlugin final : public provider::PhonePlugin<Config> {
 public:
  WhatsAppPlugin(sdk::Host& host, std::string_view config_json) : PhonePlugin(host, parse_config(config_json)) {
    host_.route("GET", "/webhooks/whatsapp", 0,
                [this](const sdk::Request& request, const sdk::Responder& out) { on_verify(request, out); });
    host_.route("POST", "/webhooks/whatsapp", 0,
                [this](const sdk::Request& request, const sdk::Responder& out) { on_webhook(request, out); });
  }
  ~WhatsAppPlugin() override { finish_background_work(); }
  WhatsAppPlugin(const WhatsAppPlugin&) = delete;
  WhatsAppPlugin& operator=(const WhatsAppPlugin&) = delete;
  WhatsAppPlugin(WhatsAppPlugin&&) = delete;
  WhatsAppPlugin& operator=(WhatsAppPlugin&&) = delete;

  // Rotated secrets take effect on reload; the rest of the settings wait for a restart.
  static constexpr std::array<const char*, 3> reloadable_keys{"app_secret", "verify_token", "access_token"};
  void reconfigure(std::string_view config_json) override { replace_config(parse_config(config_json)); }

  void deliver(const sdk::OutboundMessage& message, sdk::DeliverDone done) override {
    Outgoing out{std::string(message.to_value()), std::string(message.body()),
                 std::string(message.metadata_json()), message.last_inbound_at_ms()};
    in_background([this, out = std::move(out), done = std::move(done)] { send(out, done); });
  }

 private:
  void on_verify(const sdk::Request& request, const sdk::Responder& out) const {
    const auto params = provider::parse_form(request.query());
    if (!params || provider::form_value(*params, "hub.mode") != "subscribe" ||
        !provider::equal_constant_time(provider::form_value(*params, "hub.verify_token"), config()->verify_token)) {
      out.send(json_error(403, "forbidden", "verification token does not match"));
      return;
    }
    out.send(sdk::Response::text(200, provider::form_value(*params, "hub.challenge")));
  }

  void on_webhook(const sdk::Request& request, const sdk::Responder& out) {
    const auto signature = request.header("X-Hub-Signature-256");
    if (!signature || !provider::valid_hub_signature(*signature, request.body(), config()->app_secret)) {
      out.send(json_error(401, "unauthorized", signature ? "invalid X-Hub-Signature-256" : "missing X-Hub-Signature-256"));
      return;
    }
    if (refused_while_stopping(out)) return;
    auto parsed = parse_webhook(request.body());
    if (!parsed) {
      out.send(json_error(400, "invalid_payload", parsed.error()));
      return;
    }
    Webhook& hook = *parsed;
    auto answer = std::make_shared<WebhookAnswer>(out, hook.messages.size() + hook.statuses.size());
    for (auto& status : hook.statuses) record_status(status, answer);
    for (auto& incoming : hook.messages) {
      if (incoming.media.empty()) {
        submit(std::move(incoming.message), answer);
      } else {
        in_background([this, incoming = std::move(incoming), answer]() mutable {
          fetch_and_submit(std::move(incoming), answer);
        });
      }
    }
  }

  void record_status(const StatusUpdate& status, const std::shared_ptr<WebhookAnswer>& answer) {
    host_.update_delivery(status.wamid, status.status, status.error, [answer](fd_update_result r) {
      if (r == FD_UPDATE_FAILED) answer->retry_later();
      answer->part_done();
    });
  }

  void fetch_and_submit(IncomingMessage incoming, const std::shared_ptr<WebhookAnswer>& answer) {
    const auto settings = config();
    for (const auto& media : incoming.media) {
      try {
        incoming.message.attachments.push_back(download_media(*settings, media));
      } catch (const provider::HttpError& e) {
        host_.log(FD_LOG_WARN, "media " + media.id + " not downloaded, asking Meta to retry: " + e.what());
        answer->retry_later();
        answer->part_done();
        return;
      } catch (const std::exception& e) {
        host_.log(FD_LOG_WARN, "media " + media.id + " unavailable: " + e.what());
        incoming.message.body += "\n[media unavailable: " + std::string(e.what()) + "]";
      }
    }
    submit(std::move(incoming.message), answer);
  }

  void submit(const sdk::InboundMessage& message, const std::shared_ptr<WebhookAnswer>& answer) {
    host_.submit(message, [this, answer](const sdk::InboundResult& r) {
      if (r.status == FD_INGEST_FAILED) {
        host_.log(FD_LOG_WARN, "WhatsApp message not stored: " + r.error);
        answer->retry_later();
      } else if (r.status == FD_INGEST_REJECTED) {
        host_.log(FD_LOG_WARN, "WhatsApp message rejected: " + r.error);
        answer->rejected(r.error);
      }
      answer->part_done();
    });
  }

  void send(const Outgoing& message, const sdk::DeliverDone& done) const {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const auto settings = config();
    const SendPlan plan = plan_send(*settings, message, now_ms);
    if (plan.request_json.empty()) {
      done(FD_DELIVERY_PERMANENT, {}, plan.refusal);
      return;
    }
    provider::HttpRequest request;
    request.method = "POST";
    request.url = settings->api_base + "/" + settings->phone_number_id + "/messages";
    request.headers = {{"Authorization", "Bearer " + settings->access_token}};
    request.content_type = "application/json";
    request.body = plan.request_json;
    provider::send_and_report(request, settings->http_timeout, classify_response, done);
  }

};

// Defaults here and in Config must agree.
const fd_config_key kWhatsAppKeys[] = {
    {"phone_number_id", FD_CONFIG_STRING, "\"\"", "The business phone number's id in the Cloud API"},
    {"access_token", FD_CONFIG_STRING, "\"\"", "Bearer token for the Graph API"},
    {"app_secret", FD_CONFIG_STRING, "\"\"", "App secret that signs webhooks (X-Hub-Signature-256)"},
    {"verify_token", FD_CONFIG_STRING, "\"\"", "Token echoed in the webhook verification handshake"},
    {"api_base", FD_CONFIG_STRING, "\"https://graph.facebook.com/v19.0\"", "Graph API base URL"},
    {"template_name", FD_CONFIG_STRING, "\"\"",
     "Approved template (body parameter {{1}} = reply text) used outside the 24-hour window"},
    {"template_language", FD_CONFIG_STRING, "\"en\"", "Language code of template_name"},
    {"http_timeout_ms", FD_CONFIG_INT, "15000", "Timeout of each Graph API request"},
    {"max_media_bytes", FD_CONFIG_INT, "16777216", "Largest media file downloaded"},
};

}  // namespace
}  // namespace frontdesk::whatsapp

FRONTDESK_PLUGIN(frontdesk::whatsapp::WhatsAppPlugin, "whatsapp", FRONTDESK_WHATSAPP_VERSION,
                 frontdesk::whatsapp::kWhatsAppKeys)
