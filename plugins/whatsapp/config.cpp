#include "config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>

namespace frontdesk::whatsapp {

namespace {

std::string text(const boost::json::object& o, std::string_view key, std::string fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) throw std::invalid_argument("channels.whatsapp." + std::string(key) + " must be a string");
  return std::string(v->get_string());
}

std::int64_t integer(const boost::json::object& o, std::string_view key, std::int64_t fallback,
                     std::int64_t low, std::int64_t high) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->get_int64() < low || v->get_int64() > high) {
    throw std::invalid_argument("channels.whatsapp." + std::string(key) + " must be an integer between " +
                                std::to_string(low) + " and " + std::to_string(high));
  }
  return v->get_int64();
}

}  // namespace

Config parse_config(std::string_view json) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) throw std::invalid_argument("channels.whatsapp: configuration is not a JSON object");
  const auto& o = value.get_object();
  Config c;
  c.phone_number_id = text(o, "phone_number_id", "");
  c.access_token = text(o, "access_token", "");
  c.app_secret = text(o, "app_secret", "");
  c.verify_token = text(o, "verify_token", "");
  c.api_base = text(o, "api_base", c.api_base);
  c.template_name = text(o, "template_name", "");
  c.template_language = text(o, "template_language", c.template_language);
  c.http_timeout = std::chrono::milliseconds(integer(o, "http_timeout_ms", 15000, 100, 600000));
  c.max_media_bytes = static_cast<std::size_t>(integer(o, "max_media_bytes", 16 * 1024 * 1024, 1, 1LL << 30));
  for (const auto& [key, value_of] : {std::pair<const char*, const std::string*>{"app_secret", &c.app_secret},
                                      {"verify_token", &c.verify_token},
                                      {"access_token", &c.access_token},
                                      {"phone_number_id", &c.phone_number_id}}) {
    if (value_of->empty()) throw std::invalid_argument(std::string("channels.whatsapp.") + key + " must be set");
  }
  while (!c.api_base.empty() && c.api_base.back() == '/') c.api_base.pop_back();
  if (c.api_base.rfind("http://", 0) != 0 && c.api_base.rfind("https://", 0) != 0) {
    throw std::invalid_argument("channels.whatsapp.api_base must be an http:// or https:// URL");
  }
  return c;
}

}  // namespace frontdesk::whatsapp
