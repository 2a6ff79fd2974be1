// SPDX-License-Identifier: Apache-2.0
// The Twilio-compatible SMS channel as a Frontdesk plugin: signed webhooks for messages
// and delivery statuses, and outbound sends on the plugin's own threads.
#include <frontdesk/plugin.hpp>

#include "config.hpp"
#include "messages.hpp"
#include "provider/delivery.hpp"
#include "provider/form.hpp"
#include "provider/media_fetch.hpp"
#include "provider/phone_plugin.hpp"
#include "provider/signatures.hpp"
#include "segments.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>

namespace frontdesk::sms {
namespace {

constexpr std::string_view kEmptyTwiml = R"(<?xml version="1.0" encoding="UTF-8"?><Response></Response>)";

using provider::json_error;

class SmsPlugin final : public provider::PhonePlugin<Config> {
 public:
  SmsPlugin(sdk::Host& host, std::string_view config_json) : PhonePlugin(host, parse_config(config_json)) {
    host_.route("POST", "/webhooks/sms", 0,
                [this](const sdk::Request& request, const sdk::Responder& out) { on_message(request, out); });
    host_.route("POST", "/webhooks/sms/status", 0,
                [this](const sdk::Request& request, const sdk::Responder& out) { on_status(request, out); });
  }
  ~SmsPlugin() override { finish_background_work(); }
  SmsPlugin(const SmsPlugin&) = delete;
  SmsPlugin& operator=(const SmsPlugin&) = delete;
  SmsPlugin(SmsPlugin&&) = delete;
  SmsPlugin& operator=(SmsPlugin&&) = delete;

  // A rotated auth token takes effect on reload; the rest of the settings wait for a restart.
  static constexpr std::array<const char*, 1> reloadable_keys{"auth_token"};
  void reconfigure(std::string_view config_json) override { replace_config(parse_config(config_json)); }

  void deliver(const sdk::OutboundMessage& message, sdk::DeliverDone done) override {
    in_background([this, id = message.message_id(), to = std::string(message.to_value()),
                   body = std::string(message.body()), done = std::move(done)] { send(id, to, body, done); });
  }

 private:
  // The form parameters of a correctly signed request, or nullopt once answered.
  std::optional<provider::FormParams> verified(const sdk::Request& request, const sdk::Responder& out,
                                               const std::string& url) const {
    const auto signature = request.header("X-Twilio-Signature");
    if (!signature) {
      out.send(json_error(401, "unauthorized", "missing X-Twilio-Signature"));
      return std::nullopt;
    }
    auto params = provider::parse_form(request.body());
    if (!params) {
      out.send(json_error(400, "invalid_body", "the body is not form-encoded"));
      return std::nullopt;
    }
    if (!provider::valid_twilio_signature(*signature, config()->auth_token, url, *params)) {
      out.send(json_error(403, "forbidden", "invalid X-Twilio-Signature"));
      return std::nullopt;
    }
    if (refused_while_stopping(out)) return std::nullopt;
    return params;
  }

  void on_message(const sdk::Request& request, const sdk::Responder& out) {
    const auto params = verified(request, out, config()->public_url);
    if (!params) return;
    auto parsed = to_inbound(*params);
    if (!parsed) {
      out.send(json_error(400, "invalid_message", parsed.error()));
      return;
    }
    sdk::InboundMessage message = *std::move(parsed);
    if (media_count(*params) == 0) {
      submit(message, out);
      return;
    }
    in_background([this, message = std::move(message), out]() mutable {
      attach_media(message, [this](const std::string& url, const std::string& type) {
        try {
          return fetch_media(url, type);
        } catch (const std::exception& e) {
          host_.log(FD_LOG_WARN, "MMS media kept as a link, not fetched: " + std::string(e.what()));
          throw;
        }
      });
      submit(message, out);
    });
  }

  // Twilio's media URLs sit under the REST API and take its basic credentials; the
  // file itself is served from Twilio's storage after a redirect, without them.
  sdk::Attachment fetch_media(const std::string& url, const std::string& reported_type) const {
    auto response = provider::fetch_media({url, basic_auth(), config()->api_base, config()->http_timeout,
                                           config()->max_media_bytes});
    std::string type = !reported_type.empty()           ? reported_type
                       : !response.content_type.empty() ? response.content_type
                                                         : "application/octet-stream";
    return sdk::Attachment{{}, std::move(type), std::move(response.body), {}};
  }

  std::string basic_auth() const {
    return "Basic " + provider::base64(config()->account_sid + ":" + config()->auth_token);
  }

  void submit(const sdk::InboundMessage& message, const sdk::Responder& out) {
    host_.submit(message, [this, out](const sdk::InboundResult& r) {
      if (r.status == FD_INGEST_FAILED) {
        host_.log(FD_LOG_WARN, "SMS not stored: " + r.error);
        out.send(provider::not_stored());
      } else if (r.status == FD_INGEST_REJECTED) {
        out.send(json_error(400, "invalid_message", r.error));
      } else {
        out.send(sdk::Response{200, "text/xml", std::string(kEmptyTwiml), {}, {}});
      }
    });
  }

  void on_status(const sdk::Request& request, const sdk::Responder& out) {
    const auto params = verified(request, out, config()->public_url + "/status");
    if (!params) return;
    const auto report = to_status(*params);
    if (report.sid.empty() || report.status.empty()) {
      out.send(sdk::Response{200, "text/xml", std::string(kEmptyTwiml), {}, {}});
      return;
    }
    host_.update_delivery(report.sid, report.status, report.error, [out](fd_update_result r) {
      if (r == FD_UPDATE_FAILED) {
        out.send(provider::not_stored());
      } else {
        out.send(sdk::Response{200, "text/xml", std::string(kEmptyTwiml), {}, {}});
      }
    });
  }

  void send(std::int64_t message_id, const std::string& to, const std::string& body,
            const sdk::DeliverDone& done) {
    const auto count = count_segments(body);
    if (message_id > 0) {
      const boost::json::object meta{{"encoding", count.encoding}, {"segments", count.segments}};
      host_.annotate_message(message_id, boost::json::serialize(meta), [this](fd_update_result r) {
        if (r == FD_UPDATE_FAILED) host_.log(FD_LOG_WARN, "segment count not recorded");
      });
    }
    provider::HttpRequest request;
    request.method = "POST";
    request.url = config()->api_base + "/2010-04-01/Accounts/" + config()->account_sid + "/Messages.json";
    request.headers = {{"Authorization", basic_auth()}};
    request.content_type = "application/x-www-form-urlencoded";
    request.body = outbound_form(*config(), to, body);
    provider::send_and_report(request, config()->http_timeout, classify_response, done);
  }

};

// Defaults here and in Config must agree.
const fd_config_key kSmsKeys[] = {
    {"account_sid", FD_CONFIG_STRING, "\"\"", "Twilio account SID (AC...)"},
    {"auth_token", FD_CONFIG_STRING, "\"\"", "Auth token: API password and webhook signing key"},
    {"from", FD_CONFIG_STRING, "\"\"", "Sending number (E.164) or messaging service SID (MG...)"},
    {"api_base", FD_CONFIG_STRING, "\"https://api.twilio.com\"", "Twilio REST API base URL"},
    {"public_url", FD_CONFIG_STRING, "\"\"",
     "The URL Twilio calls and signs, e.g. https://desk.example.com/webhooks/sms"},
    {"http_timeout_ms", FD_CONFIG_INT, "15000", "Timeout of each Twilio API request and media download"},
    {"max_media_bytes", FD_CONFIG_INT, "5242880", "Largest MMS media file downloaded"},
};

}  // namespace
}  // namespace frontdesk::sms

FRONTDESK_PLUGIN(frontdesk::sms::SmsPlugin, "sms", FRONTDESK_SMS_VERSION, frontdesk::sms::kSmsKeys)
