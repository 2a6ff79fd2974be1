// SPDX-License-Identifier: Apache-2.0
#include "status/subscriptions.hpp"

#include "outbox/webhook_sender.hpp"
#include "status/mail_text.hpp"
#include "status/status_json.hpp"
#include "status/subscription_token.hpp"
#include "storage/connection.hpp"
#include "tickets/audit.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>

namespace frontdesk::status {

namespace json = boost::json;

namespace {

using Fields = json::object;

http::Response refuse(unsigned status, std::string_view code, std::string_view message) {
  return http::Response::error(status, code, message);
}

http::Response invalid(std::string_view message) { return refuse(422, "validation_failed", message); }

bool is_form(const http::Request& req) {
  const auto type = req.header("Content-Type").value_or("");
  return type.substr(0, type.find(';')) == "application/x-www-form-urlencoded";
}

// The body as a JSON object: a form's fields become strings, its repeated or comma-separated
// `components` a list. nullopt when it is neither valid JSON nor a valid form.
std::optional<Fields> read_fields(const http::Request& req) {
  if (!is_form(req)) {
    json::error_code ec;
    auto value = json::parse(req.body, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
  }
  auto query = boost::urls::parse_query(req.body);
  if (!query) return std::nullopt;
  boost::urls::encoding_opts plus_is_space;
  plus_is_space.space_as_plus = true;
  Fields fields;
  json::array components;
  for (const auto& encoded : *query) {
    const std::string key = encoded.key.decode(plus_is_space);
    const std::string value = encoded.has_value ? encoded.value.decode(plus_is_space) : std::string();
    if (key == "components") {
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto name = rest.substr(0, comma);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (!name.empty()) components.emplace_back(name);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    } else {
      fields[key] = value;
    }
  }
  if (!components.empty()) fields["components"] = std::move(components);
  return fields;
}

std::string text_of(const Fields& f, std::string_view key) {
  const auto* v = f.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool plausible_email(const std::string& address) {
  const auto at = address.find('@');
  return address.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < address.size() &&
         address.find('@', at + 1) == std::string::npos &&
         std::none_of(address.begin(), address.end(), [](char c) {
           return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"';
         });
}

// An E.164 number ("+" and 8 to 15 digits, spaces, dots, dashes and brackets dropped); for
// WhatsApp its digits, the wa_id the channel knows the customer by. nullopt when it is not one.
std::optional<std::string> phone_number(const std::string& text, bool whatsapp) {
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == '+' && i == 0) && c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (text.empty() || text.front() != '+' || digits.size() < 8 || digits.size() > 15 || digits.front() == '0') {
    return std::nullopt;
  }
  return whatsapp ? digits : "+" + digits;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void queue_confirmation(storage::Connection& db, const SubscriptionSettings& settings, std::int64_t id,
                        const std::string& channel, const std::string& address, const std::string& locale,
                        const std::string& nonce) {
  const std::string url = settings.page.public_url + "/status/confirm?token=" +
                          make_token(token_secret(db), id, TokenPurpose::confirm, nonce);
  if (channel == "sms" || channel == "whatsapp") {
    // A text message: the subject line and the link (on WhatsApp, outside the 24-hour window,
    // the configured approved template carries it).
    const auto text = confirmation_text(locale, settings.page.name, url);
    db.exec(
        "INSERT INTO outbox (channel, to_kind, to_value, body, metadata) VALUES ($1, 'phone', $2, $3, "
        "jsonb_build_object('autoSubmitted', 'auto-generated', 'statusSubscriber', $4::bigint))",
        channel, address, text.subject + "\n" + url, id);
    return;
  }
  if (channel == "webhook") {
    const json::object payload{{"type", "subscription.confirm"}, {"confirmUrl", url},
                               {"page", settings.page.public_url + "/status"}};
    db.exec(
        "INSERT INTO outbox (channel, to_kind, to_value, body, metadata) VALUES ('webhook', 'url', $1, $2, "
        "jsonb_build_object('contentType', 'application/json', 'statusSubscriber', $3::bigint))",
        address, json::serialize(payload), id);
    return;
  }
  const auto text = confirmation_text(locale, settings.page.name, url);
  db.exec(
      "INSERT INTO outbox (channel, to_kind, to_value, subject, body, metadata) VALUES ('email', 'email', $1, $2, "
      "$3, jsonb_build_object('autoSubmitted', 'auto-generated', 'statusSubscriber', $4::bigint))",
      address, text.subject, text.body, id);
}

void audit(storage::Connection& db, std::string_view event, std::int64_t subscriber, const std::string& channel) {
  tickets::record(db, tickets::Actor::system(), {},
                  tickets::AuditEvent{std::nullopt, event, nullptr, json::string(channel),
                                      {{"subscriberId", subscriber}}});
}

// The subscriber a valid token of `purpose` names; nullopt for a forged, spent or foreign one.
std::optional<std::int64_t> token_subscriber(storage::Connection& db, const http::Request& req,
                                             TokenPurpose purpose) {
  const auto token = req.query_param("token").value_or("");
  const auto claim = read_token(token);
  if (!claim || claim->purpose != purpose) return std::nullopt;
  auto rows = db.exec("SELECT nonce FROM status_subscribers WHERE id = $1 AND unsubscribed_at IS NULL FOR UPDATE",
                      claim->subscriber);
  if (rows.empty() || !token_matches(token_secret(db), token, rows.text(0, 0))) return std::nullopt;
  return claim->subscriber;
}

json::value subscriber_json(storage::Connection& db, std::int64_t id) {
  return json::parse(db.exec(
      "SELECT jsonb_build_object('channel', s.channel, 'address', s.address, 'confirmed', s.confirmed_at IS NOT NULL, "
      "'components', coalesce((SELECT jsonb_agg(c.name ORDER BY c.id) FROM status_subscriber_components sc "
      "JOIN status_components c ON c.id = sc.component_id WHERE sc.subscriber_id = s.id), '[]'::jsonb))::text "
      "FROM status_subscribers s WHERE s.id = $1", id).text(0, 0));
}

http::Response token_invalid() {
  return refuse(400, "token_invalid", "this link is not valid, or it has been used already");
}

}  // namespace

http::Response subscribe(storage::Connection& db, const SubscriptionSettings& settings, const http::Request& req) {
  const auto fields = read_fields(req);
  if (!fields) return refuse(400, "bad_request", "the body must be a JSON object or a form");
  for (const auto& [key, value] : *fields) {
    if (key != "email" && key != "webhook" && key != "phone" && key != "whatsapp" && key != "components" &&
        key != "locale") {
      return invalid("unknown field '" + std::string(key) + "'");
    }
  }
  std::string channel;
  std::string address;
  int given = 0;
  for (const auto* key : {"email", "webhook", "phone", "whatsapp"}) {
    if (fields->contains(key)) {
      ++given;
      channel = key;
      address = text_of(*fields, key);
    }
  }
  if (given != 1) return invalid("give exactly one of email, phone (SMS), whatsapp or webhook");
  if (channel == "phone" || channel == "whatsapp") {
    const auto number = phone_number(address, channel == "whatsapp");
    if (!number) return invalid(channel + " must be a phone number in international form, e.g. +14155550123");
    address = *number;
    if (channel == "phone") channel = "sms";
  } else if (channel == "email") {
    address = lower(address);
    if (!plausible_email(address)) return invalid("email is not a valid address");
  } else {
    std::string error;
    const auto url = address.size() > 2000 ? std::nullopt : outbox::parse_webhook_url(address, error);
    if (!url) return invalid("webhook: " + (error.empty() ? std::string("too long") : error));
    if (const auto refused = settings.webhook_guard.refusal(url->host); !refused.empty()) {
      return invalid("webhook: " + refused);
    }
  }
  const auto locale = std::string(offered_locale(text_of(*fields, "locale"), settings.default_locale));
  auto components = component_ids(db, fields->if_contains("components"));
  if (!components) return invalid(components.error().message);

  // One sign-up at a time per client address, so the limit holds under concurrency.
  db.exec("SELECT pg_advisory_xact_lock(hashtext('status-signup:' || $1))", req.remote_addr);
  const auto recent = db.exec(
      "SELECT count(*) FROM status_subscribers WHERE client_addr = $1 AND created_at > now() - interval '1 hour'",
      req.remote_addr);
  if (recent.get<std::int64_t>(0, 0) >= settings.signup_limit_per_hour) {
    auto r = refuse(429, "rate_limited", "too many subscriptions from this address; try again later");
    r.headers.emplace_back("Retry-After", "3600");
    return r;
  }
  // A confirmed subscription is not changed by an unauthenticated request, and a pending one
  // gets one confirmation per ten minutes: the answer is the same either way.
  auto row = db.exec(
      "INSERT INTO status_subscribers AS s (channel, address, client_addr, locale) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (channel, address) DO UPDATE SET nonce = md5(gen_random_uuid()::text), confirmed_at = NULL, "
      "  unsubscribed_at = NULL, created_at = now(), client_addr = $3, locale = $4 "
      "  WHERE s.unsubscribed_at IS NOT NULL OR (s.confirmed_at IS NULL AND s.created_at < now() - interval '10 minutes') "
      "RETURNING s.id, s.nonce",
      channel, address, req.remote_addr, locale);
  if (!row.empty()) {
    const auto id = row.get<std::int64_t>(0, 0);
    db.exec("DELETE FROM status_subscriber_components WHERE subscriber_id = $1", id);
    db.exec(
        "INSERT INTO status_subscriber_components (subscriber_id, component_id) "
        "SELECT $1, c::bigint FROM jsonb_array_elements_text($2::jsonb) c",
        id, ids_json(*components));
    queue_confirmation(db, settings, id, channel, address, locale, std::string(row.text(0, 1)));
    audit(db, "status_subscriber.requested", id, channel);
  }
  return http::Response::json(
      202, json::object{{"success", true}, {"message", "a confirmation link has been sent to " + address}});
}

http::Response confirm(storage::Connection& db, const http::Request& req) {
  const auto id = token_subscriber(db, req, TokenPurpose::confirm);
  if (!id) return token_invalid();
  auto changed = db.exec(
      "UPDATE status_subscribers SET confirmed_at = now() WHERE id = $1 AND confirmed_at IS NULL RETURNING channel",
      *id);
  if (!changed.empty()) audit(db, "status_subscriber.confirmed", *id, std::string(changed.text(0, 0)));
  return http::Response::json(200, json::object{{"success", true}, {"subscriber", subscriber_json(db, *id)}});
}

http::Response unsubscribe(storage::Connection& db, const http::Request& req) {
  const auto id = token_subscriber(db, req, TokenPurpose::unsubscribe);
  if (!id) return token_invalid();
  // A new nonce spends every link made so far.
  auto changed = db.exec(
      "UPDATE status_subscribers SET unsubscribed_at = now(), nonce = md5(gen_random_uuid()::text) WHERE id = $1 "
      "RETURNING channel",
      *id);
  audit(db, "status_subscriber.unsubscribed", *id, std::string(changed.text(0, 0)));
  return http::Response::json(200, json::object{{"success", true}, {"unsubscribed", true}});
}

std::optional<std::string> unsubscribe_token(storage::Connection& db, const http::Request& req) {
  if (!token_subscriber(db, req, TokenPurpose::unsubscribe)) return std::nullopt;
  return req.query_param("token");
}

}  // namespace frontdesk::status
