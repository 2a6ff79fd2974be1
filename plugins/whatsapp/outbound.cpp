// SPDX-License-Identifier: Apache-2.0
#include "outbound.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <ctime>

namespace frontdesk::whatsapp {

namespace json = boost::json;

namespace {

json::object base(const std::string& to) {
  return json::object{{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", to}};
}

std::string iso_time(std::int64_t ms) {
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> out{};
  std::strftime(out.data(), out.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out.data();
}

json::object csat_list(const std::string& to, const std::string& body) {
  static constexpr std::array<std::string_view, 5> kTitles{"1 - Very poor", "2 - Poor", "3 - Okay",
                                                           "4 - Good", "5 - Excellent"};
  json::array rows;
  for (int i = 5; i >= 1; --i) {
    rows.push_back(json::object{{"id", "csat:" + std::to_string(i)}, {"title", kTitles[static_cast<std::size_t>(i - 1)]}});
  }
  // Reply buttons are capped at three by the Cloud API, so the five ratings are a list.
  json::object m = base(to);
  m["type"] = "interactive";
  m["interactive"] = json::object{
      {"type", "list"},
      {"body", json::object{{"text", body.substr(0, 1024)}}},
      {"action", json::object{{"button", "Rate us"},
                              {"sections", json::array{json::object{{"title", "Your rating"}, {"rows", rows}}}}}}};
  return m;
}

}  // namespace

SendPlan plan_send(const Config& config, const Outgoing& message, std::int64_t now_ms) {
  json::object meta;
  if (!message.metadata_json.empty()) {
    boost::system::error_code ec;
    auto parsed = json::parse(message.metadata_json, ec);
    if (!ec && parsed.is_object()) meta = std::move(parsed.get_object());
  }
  SendPlan plan;
  const bool inside = message.last_inbound_at_ms > 0 && now_ms - message.last_inbound_at_ms < kServiceWindowMs;
  if (inside) {
    json::object m;
    if (meta.contains("survey")) {
      m = csat_list(message.to, message.body);
      plan.kind = "interactive";
    } else {
      m = base(message.to);
      m["type"] = "text";
      m["text"] = json::object{{"preview_url", false}, {"body", message.body}};
      plan.kind = "text";
    }
    plan.request_json = json::serialize(m);
    return plan;
  }

  std::string name = config.template_name;
  std::string language = config.template_language;
  json::array parameters{json::object{{"type", "text"}, {"text", message.body}}};
  if (const auto* t = meta.if_contains("template"); t != nullptr && t->is_object()) {
    const auto& o = t->get_object();
    if (const auto* n = o.if_contains("name"); n != nullptr && n->is_string()) name = std::string(n->get_string());
    if (const auto* l = o.if_contains("language"); l != nullptr && l->is_string()) language = std::string(l->get_string());
    if (const auto* p = o.if_contains("parameters"); p != nullptr && p->is_array()) {
      parameters.clear();
      for (const auto& v : p->get_array()) {
        if (v.is_string()) parameters.push_back(json::object{{"type", "text"}, {"text", v.get_string()}});
      }
    }
  }
  if (name.empty()) {
    plan.refusal = message.last_inbound_at_ms > 0
                       ? "outside WhatsApp's 24-hour customer-service window (the customer last wrote at " +
                             iso_time(message.last_inbound_at_ms) +
                             ") and no template is configured (channels.whatsapp.template_name)"
                       : "the customer never wrote on WhatsApp, so only a template may be sent and none is "
                         "configured (channels.whatsapp.template_name)";
    return plan;
  }
  json::object m = base(message.to);
  m["type"] = "template";
  m["template"] = json::object{
      {"name", name},
      {"language", json::object{{"code", language}}},
      {"components", json::array{json::object{{"type", "body"}, {"parameters", std::move(parameters)}}}}};
  plan.request_json = json::serialize(m);
  plan.kind = "template";
  return plan;
}

SendOutcome classify_response(int http_status, std::string_view body) {
  boost::system::error_code ec;
  const auto parsed = json::parse(body, ec);
  const json::object* root = !ec && parsed.is_object() ? &parsed.get_object() : nullptr;
  if (http_status >= 200 && http_status < 300) {
    if (root != nullptr) {
      if (const auto* messages = root->if_contains("messages");
          messages != nullptr && messages->is_array() && !messages->get_array().empty() &&
          messages->get_array()[0].is_object()) {
        if (const auto* id = messages->get_array()[0].get_object().if_contains("id"); id != nullptr && id->is_string()) {
          return {FD_DELIVERY_SENT, std::string(id->get_string()), {}};
        }
      }
    }
    // Accepted without an id we can track: do not send it again.
    return {FD_DELIVERY_SENT, {}, {}};
  }
  std::int64_t code = 0;
  std::string text = "HTTP " + std::to_string(http_status);
  if (root != nullptr) {
    if (const auto* error = root->if_contains("error"); error != nullptr && error->is_object()) {
      const auto& e = error->get_object();
      if (const auto* c = e.if_contains("code"); c != nullptr && c->is_int64()) code = c->get_int64();
      if (const auto* m = e.if_contains("message"); m != nullptr && m->is_string()) {
        text = "Graph API error " + std::to_string(code) + ": " + std::string(m->get_string());
      }
    }
  }
  // Throttling (4, 80007, 130429, 131048, 131056), expired or revoked tokens (190) and
  // server trouble pass with time; everything else is the request's own fault.
  const bool transient = http_status == 429 || http_status >= 500 || code == 4 || code == 80007 ||
                         code == 130429 || code == 131048 || code == 131056 || code == 190;
  return {transient ? FD_DELIVERY_TRANSIENT : FD_DELIVERY_PERMANENT, {}, text};
}

}  // namespace frontdesk::whatsapp
