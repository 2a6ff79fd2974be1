// The Twilio-compatible SMS channel as a Frontdesk plugin: signed webhooks for messages
// and delivery statuses, and outbound sends on the plugin's own threads.
#include <frontdesk/plugin.hpp>

#include "config.hpp"
#include "messages.hpp"
#include "provider/form.hpp"
#include "provider/http_client.hpp"
#include "provider/signatures.hpp"
#include "segments.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <atomic>

namespace frontdesk::sms {
namespace {

constexpr std::string_view kEmptyTwiml = R"(<?xml version="1.0" encoding="UTF-8"?><Response></Response>)";

sdk::Response json_error(std::uint16_t status, std::string_view code, std::string_view message) {
  const boost::json::object body{{"success", false},
                                 {"error", boost::json::object{{"code", code}, {"message", message}}}};
  return sdk::Response::json(status, boost::json::serialize(body));
}

class SmsPlugin final : public sdk::Plugin {
 public:
  SmsPlugin(sdk::Host& host, std::string_view config_json) : host_(host), config_(parse_config(config_json)) {
    host_.route("POST", "/webhooks/sms", 0,
                [this](const sdk::Request& request, const sdk::Responder& out) { on_message(request, out); });
    host_.route("POST", "/webhooks/sms/status", 0,
                [this](const sdk::Request& request, const sdk::Responder& out) { on_status(request, out); });
  }
  ~SmsPlugin() override { pool_.join(); }
  SmsPlugin(const SmsPlugin&) = delete;
  SmsPlugin& operator=(const SmsPlugin&) = delete;
  SmsPlugin(SmsPlugin&&) = delete;
  SmsPlugin& operator=(SmsPlugin&&) = delete;

  void stop() override { stopped_ = true; }

  void deliver(const sdk::OutboundMessage& message, sdk::DeliverDone done) override {
    boost::asio::post(pool_, [this, id = message.message_id(), to = std::string(message.to_value()),
                              body = std::string(message.body()), done = std::move(done)] {
      send(id, to, body, done);
    });
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
    if (!provider::valid_twilio_signature(*signature, config_.auth_token, url, *params)) {
      out.send(json_error(403, "forbidden", "invalid X-Twilio-Signature"));
      return std::nullopt;
    }
    if (stopped_) {
      out.send(json_error(503, "unavailable", "the service is shutting down"));
      return std::nullopt;
    }
    return params;
  }

  void on_message(const sdk::Request& request, const sdk::Responder& out) {
    const auto params = verified(request, out, config_.public_url);
    if (!params) return;
    sdk::InboundMessage message;
    try {
      message = to_inbound(*params);
    } catch (const std::exception& e) {
      out.send(json_error(400, "invalid_message", e.what()));
      return;
    }
    host_.submit(message, [this, out](const sdk::InboundResult& r) {
      if (r.status == FD_INGEST_FAILED) {
        host_.log(FD_LOG_WARN, "SMS not stored: " + r.error);
        out.send(json_error(503, "unavailable", "not stored; please retry"));
      } else if (r.status == FD_INGEST_REJECTED) {
        out.send(json_error(400, "invalid_message", r.error));
      } else {
        out.send(sdk::Response{200, "text/xml", std::string(kEmptyTwiml), {}});
      }
    });
  }

  void on_status(const sdk::Request& request, const sdk::Responder& out) {
    const auto params = verified(request, out, config_.public_url + "/status");
    if (!params) return;
    const auto report = to_status(*params);
    if (report.sid.empty() || report.status.empty()) {
      out.send(sdk::Response{200, "text/xml", std::string(kEmptyTwiml), {}});
      return;
    }
    host_.update_delivery(report.sid, report.status, report.error, [out](fd_update_result r) {
      if (r == FD_UPDATE_FAILED) {
        out.send(json_error(503, "unavailable", "not stored; please retry"));
      } else {
        out.send(sdk::Response{200, "text/xml", std::string(kEmptyTwiml), {}});
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
    request.url = config_.api_base + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
    request.headers = {{"Authorization", "Basic " + provider::base64(config_.account_sid + ":" + config_.auth_token)}};
    request.content_type = "application/x-www-form-urlencoded";
    request.body = outbound_form(config_, to, body);
    try {
      const auto response = provider::fetch(request, config_.http_timeout, 1024U * 1024U);
      auto outcome = classify_response(response.status, response.body);
      done(outcome.status, std::move(outcome.sid), std::move(outcome.error));
    } catch (const std::exception& e) {
      done(FD_DELIVERY_TRANSIENT, {}, e.what());
    }
  }

  sdk::Host& host_;
  Config config_;
  std::atomic<bool> stopped_{false};
  boost::asio::thread_pool pool_{4};
};

// Defaults here and in Config must agree.
const fd_config_key kSmsKeys[] = {
    {"account_sid", FD_CONFIG_STRING, "\"\"", "Twilio account SID (AC...)"},
    {"auth_token", FD_CONFIG_STRING, "\"\"", "Auth token: API password and webhook signing key"},
    {"from", FD_CONFIG_STRING, "\"\"", "Sending number (E.164) or messaging service SID (MG...)"},
    {"api_base", FD_CONFIG_STRING, "\"https://api.twilio.com\"", "Twilio REST API base URL"},
    {"public_url", FD_CONFIG_STRING, "\"\"",
     "The URL Twilio calls and signs, e.g. https://desk.example.com/webhooks/sms"},
    {"http_timeout_ms", FD_CONFIG_INT, "15000", "Timeout of each Twilio API request"},
};

}  // namespace
}  // namespace frontdesk::sms

FRONTDESK_PLUGIN(frontdesk::sms::SmsPlugin, "sms", FRONTDESK_SMS_VERSION, frontdesk::sms::kSmsKeys)
