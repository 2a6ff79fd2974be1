#include "config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>
#include <utility>

namespace frontdesk::sms {

namespace {

std::string text(const boost::json::object& o, std::string_view key, std::string fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) throw std::invalid_argument("channels.sms." + std::string(key) + " must be a string");
  return std::string(v->get_string());
}

}  // namespace

Config parse_config(std::string_view json) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) throw std::invalid_argument("channels.sms: configuration is not a JSON object");
  const auto& o = value.get_object();
  Config c;
  c.account_sid = text(o, "account_sid", "");
  c.auth_token = text(o, "auth_token", "");
  c.from = text(o, "from", "");
  c.api_base = text(o, "api_base", c.api_base);
  c.public_url = text(o, "public_url", "");
  if (const auto* t = o.if_contains("http_timeout_ms")) {
    if (!t->is_int64() || t->get_int64() < 100 || t->get_int64() > 600000) {
      throw std::invalid_argument("channels.sms.http_timeout_ms must be an integer between 100 and 600000");
    }
    c.http_timeout = std::chrono::milliseconds(t->get_int64());
  }
  for (const auto& [key, v] : {std::pair<const char*, const std::string*>{"account_sid", &c.account_sid},
                               {"auth_token", &c.auth_token},
                               {"from", &c.from},
                               {"public_url", &c.public_url}}) {
    if (v->empty()) throw std::invalid_argument(std::string("channels.sms.") + key + " must be set");
  }
  while (!c.api_base.empty() && c.api_base.back() == '/') c.api_base.pop_back();
  for (const auto& [key, url] : {std::pair<const char*, const std::string*>{"api_base", &c.api_base},
                                 {"public_url", &c.public_url}}) {
    if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
      throw std::invalid_argument(std::string("channels.sms.") + key + " must be an http:// or https:// URL");
    }
  }
  return c;
}

}  // namespace frontdesk::sms
