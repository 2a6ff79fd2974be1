// SPDX-License-Identifier: Apache-2.0
#include "storage/conninfo.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <memory>
#include <stdexcept>

namespace frontdesk::storage {

namespace {

constexpr std::string_view kMask = "***";
constexpr std::string_view kUnparseable = "<unparseable connection string>";

bool is_secret_key(std::string_view key) { return key == "password" || key == "sslpassword"; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// libpq percent-decodes URL query keys, so "pass%77ord" is a password too.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string redact_url(std::string_view url, std::size_t scheme_len) {
  std::string out(url.substr(0, scheme_len));
  std::string_view rest = url.substr(scheme_len);

  // The userinfo ends at the last '@' before the query; taking the last one means a
  // password with a stray '/' or '@' in it is masked too, never echoed.
  const std::size_t query_begin = rest.find('?');
  const std::size_t at = rest.substr(0, query_begin).rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    out += colon == std::string_view::npos ? userinfo : userinfo.substr(0, colon + 1);
    if (colon != std::string_view::npos) out += kMask;
    rest = rest.substr(at);
  }
  const std::size_t authority_end = rest.find_first_of("/?");
  out += rest.substr(0, authority_end);
  if (authority_end == std::string_view::npos) return out;
  rest = rest.substr(authority_end);

  const std::size_t q = rest.find('?');
  out += rest.substr(0, q);
  if (q == std::string_view::npos) return out;
  out += '?';
  std::string_view query = rest.substr(q + 1);
  bool first = true;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && is_secret_key(percent_decode(pair.substr(0, eq)))) {
      out += pair.substr(0, eq + 1);
      out += kMask;
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string unquote(std::string_view raw) {
  if (raw.starts_with('\'')) raw = raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0);
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
    out += raw[i];
  }
  return out;
}

// Mirrors libpq's key=value grammar: key, optional spaces, '=', optional spaces, then a
// value that is either single-quoted (with \' and \\ escapes) or runs to the next space.
std::string redact_key_values(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) out += s[i++];
    if (i == s.size()) break;
    const std::size_t key_begin = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '=') ++i;
    const std::string_view key = s.substr(key_begin, i - key_begin);
    out += key;
    while (i < s.size() && is_space(s[i])) out += s[i++];
    if (i == s.size() || s[i] != '=') return std::string(kUnparseable);
    out += s[i++];
    while (i < s.size() && is_space(s[i])) out += s[i++];

    const std::size_t value_begin = i;
    if (i < s.size() && s[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          i += 2;
        } else if (s[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else {
          ++i;
        }
      }
      if (!closed) return std::string(kUnparseable);
    } else {
      while (i < s.size() && !is_space(s[i])) {
        i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
      }
    }
    const std::string_view raw = s.substr(value_begin, i - value_begin);
    if (is_secret_key(key)) {
      out += kMask;
    } else if (key == "dbname" && (raw.find("://") != std::string_view::npos || raw.find('=') != std::string_view::npos)) {
      // libpq expands a dbname that is itself a connection string, password included.
      out += quote_conninfo_value(redact_conninfo(unquote(raw)));
    } else {
      out += raw;
    }
  }
  return out;
}

struct OptionsDeleter {
  void operator()(PQconninfoOption* o) const noexcept { PQconninfoFree(o); }
};

}  // namespace

std::string redact_conninfo(std::string_view conninfo) {
  for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (conninfo.starts_with(scheme)) return redact_url(conninfo, scheme.size());
  }
  return redact_key_values(conninfo);
}

std::string quote_conninfo_value(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string conninfo_with(const std::string& conninfo, std::string_view key, std::string_view value) {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, OptionsDeleter> options(PQconninfoParse(conninfo.c_str(), &error));
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && is_space(message.back())) message.pop_back();
    throw std::invalid_argument("invalid connection string '" + redact_conninfo(conninfo) + "': " + message);
  }
  std::string out;
  bool replaced = false;
  for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
    const bool is_key = key == o->keyword;
    if (!o->val && !is_key) continue;
    if (!out.empty()) out += ' ';
    out += o->keyword;
    out += '=';
    out += quote_conninfo_value(is_key ? value : std::string_view(o->val));
    replaced = replaced || is_key;
  }
  if (!replaced) throw std::invalid_argument("unknown connection option '" + std::string(key) + "'");
  return out;
}

}  // namespace frontdesk::storage
