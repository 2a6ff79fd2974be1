// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <stdexcept>

#include "address.hpp"

namespace frontdesk::email {

namespace {

using boost::json::object;
using boost::json::value;

[[noreturn]] void fail(std::string_view key, std::string_view what) {
  throw std::invalid_argument("channels.email." + std::string(key) + " " + std::string(what));
}

// YAML lists and maps arrive as YAML reads them: an unquoted 1234 password is a number.
std::string read_string(const object& o, std::string_view key, std::string_view path,
                        std::string fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (const auto* s = v->if_string()) return std::string(*s);
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  fail(path, "must be a string");
}

std::int64_t read_int(const object& o, std::string_view key, std::string_view path,
                      std::int64_t low, std::int64_t high, std::int64_t fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(high)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else if (const auto* s = v->if_string(); s != nullptr && !s->empty() &&
                                             std::all_of(s->begin(), s->end(), [](char c) {
                                               return c >= '0' && c <= '9';
                                             }) && s->size() < 12) {
    n = std::stoll(std::string(*s));
  } else {
    fail(path, "must be an integer between " + std::to_string(low) + " and " +
                   std::to_string(high));
  }
  if (n < low || n > high) {
    fail(path, "must be between " + std::to_string(low) + " and " + std::to_string(high));
  }
  return n;
}

bool read_bool(const object& o, std::string_view key, std::string_view path, bool fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (v->is_bool()) return v->get_bool();
  if (const auto* s = v->if_string()) {
    if (*s == "true" || *s == "yes" || *s == "on") return true;
    if (*s == "false" || *s == "no" || *s == "off") return false;
  }
  fail(path, "must be true or false");
}

void reject_unknown(const object& o, std::string_view path,
                    std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : o) {
    if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end()) {
      std::string list;
      for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
      fail(std::string(path) + "." + std::string(k), "is not a known key (valid: " + list + ")");
    }
  }
}

std::string read_address(std::string_view text, std::string_view path) {
  auto parsed = parse_mailbox(text);
  if (!parsed || parsed->address.find('@') == std::string::npos) {
    fail(path, "must be an email address like support@example.com");
  }
  return parsed->address;
}

Pop3Mailbox read_mailbox(const value& item, std::size_t index) {
  const std::string path = "pop3[" + std::to_string(index) + "]";
  const auto* o = item.if_object();
  if (o == nullptr) fail(path, "must be a mapping with host, port, user, password, tls");
  reject_unknown(*o, path, {"host", "port", "user", "password", "tls"});
  Pop3Mailbox box;
  box.host = read_string(*o, "host", path + ".host", "");
  if (box.host.empty()) fail(path + ".host", "is required");
  box.tls = read_bool(*o, "tls", path + ".tls", false);
  box.port = static_cast<std::uint16_t>(
      read_int(*o, "port", path + ".port", 1, 65535, box.tls ? 995 : 110));
  box.user = read_string(*o, "user", path + ".user", "");
  if (box.user.empty()) fail(path + ".user", "is required");
  box.password = read_string(*o, "password", path + ".password", "");
  return box;
}

}  // namespace

bool Config::accepts(std::string_view recipient) const {
  const std::string lower = to_lower_ascii(recipient);
  return lower == address || std::find(aliases.begin(), aliases.end(), lower) != aliases.end();
}

Config parse_config(std::string_view json) {
  boost::system::error_code ec;
  const value document = boost::json::parse(json, ec);
  if (ec || !document.is_object()) {
    throw std::invalid_argument("the email configuration is not a JSON object");
  }
  const auto& o = document.get_object();
  Config c;
  c.address = read_address(read_string(o, "address", "address", c.address), "address");
  if (const auto* list = o.if_contains("aliases"); list != nullptr && !list->is_null()) {
    if (!list->is_array()) fail("aliases", "must be a list of addresses");
    for (const auto& item : list->get_array()) {
      const auto* s = item.if_string();
      if (s == nullptr) fail("aliases", "must be a list of addresses");
      c.aliases.push_back(read_address(*s, "aliases"));
    }
  }

  const std::string listen = read_string(o, "listen", "listen", "127.0.0.1:2525");
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) fail("listen", "must be host:port");
  c.listen_host = listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[' && c.listen_host.back() == ']') {
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
      std::stoi(port) > 65535) {
    fail("listen", "must be host:port with a port between 0 and 65535");
  }
  c.listen_port = static_cast<std::uint16_t>(std::stoi(port));

  const std::string protocol = read_string(o, "protocol", "protocol", "smtp");
  if (protocol != "smtp" && protocol != "lmtp") fail("protocol", "must be smtp or lmtp");
  c.lmtp = protocol == "lmtp";

  if (const auto* list = o.if_contains("pop3"); list != nullptr && !list->is_null()) {
    if (!list->is_array()) fail("pop3", "must be a list of mailboxes");
    for (std::size_t i = 0; i < list->get_array().size(); ++i) {
      c.pop3.push_back(read_mailbox(list->get_array()[i], i));
    }
  }
  c.pop3_interval =
      std::chrono::seconds(read_int(o, "pop3_interval_seconds", "pop3_interval_seconds", 1,
                                    86400, c.pop3_interval.count()));

  if (const auto* out = o.if_contains("outbound"); out != nullptr && !out->is_null()) {
    const auto* m = out->if_object();
    if (m == nullptr) fail("outbound", "must be a mapping");
    reject_unknown(*m, "outbound", {"host", "port", "starttls", "username", "password"});
    c.outbound.host = read_string(*m, "host", "outbound.host", c.outbound.host);
    if (c.outbound.host.empty()) fail("outbound.host", "must not be empty");
    c.outbound.port =
        static_cast<std::uint16_t>(read_int(*m, "port", "outbound.port", 1, 65535, 25));
    c.outbound.starttls = read_bool(*m, "starttls", "outbound.starttls", false);
    c.outbound.username = read_string(*m, "username", "outbound.username", "");
    c.outbound.password = read_string(*m, "password", "outbound.password", "");
  }

  c.max_message_bytes = static_cast<std::size_t>(read_int(
      o, "max_message_bytes", "max_message_bytes", 1024, std::int64_t{1} << 30,
      static_cast<std::int64_t>(c.max_message_bytes)));
  c.max_attachment_bytes = static_cast<std::size_t>(read_int(
      o, "max_attachment_bytes", "max_attachment_bytes", 0, std::int64_t{1} << 30,
      static_cast<std::int64_t>(c.max_attachment_bytes)));
  c.max_sessions = static_cast<std::size_t>(
      read_int(o, "max_sessions", "max_sessions", 1, 10000, static_cast<std::int64_t>(c.max_sessions)));
  c.max_pending_bytes = static_cast<std::size_t>(read_int(
      o, "max_pending_bytes", "max_pending_bytes", 1024, std::int64_t{1} << 40,
      static_cast<std::int64_t>(c.max_pending_bytes)));
  if (c.max_pending_bytes < c.max_message_bytes) {
    fail("max_pending_bytes", "must be at least max_message_bytes (" +
                                  std::to_string(c.max_message_bytes) + ")");
  }
  c.session_timeout = std::chrono::seconds(read_int(o, "session_timeout_seconds",
                                                    "session_timeout_seconds", 1, 3600,
                                                    c.session_timeout.count()));
  c.tls_certificate = read_string(o, "tls_certificate", "tls_certificate", "");
  c.tls_key = read_string(o, "tls_key", "tls_key", "");
  if (c.tls_certificate.empty() != c.tls_key.empty()) {
    fail(c.tls_key.empty() ? "tls_key" : "tls_certificate", "is needed with the other (STARTTLS takes both)");
  }
  return c;
}

}  // namespace frontdesk::email
