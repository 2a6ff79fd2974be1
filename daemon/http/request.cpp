// SPDX-License-Identifier: Apache-2.0
#include "http/request.hpp"

#include <frontdesk/cookie.hpp>

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>

#include <cstddef>

namespace frontdesk::http {

namespace {

char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> percent_decode(std::string_view encoded) {
  auto checked = boost::urls::make_pct_string_view(encoded);
  if (!checked) {
    return std::nullopt;
  }
  return checked->decode();
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::param(std::string_view name) const {
  for (std::size_t i = 0; i < param_names.size() && i < params.size(); ++i) {
    if (param_names[i] == name) {
      return std::string_view(params[i]);
    }
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto parsed = boost::urls::parse_query(query);
  if (!parsed || query.empty()) {
    return std::nullopt;
  }
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  for (const auto& item : *parsed) {
    if (item.key.decode(options) == name) {
      if (!item.has_value) {
        return std::string();
      }
      return item.value.decode(options);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::cookie(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (!iequals(header_name, "Cookie")) continue;
    if (const auto found = cookie_value(value, name)) return found;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::bearer_token() const {
  auto value = header("Authorization");
  if (!value) {
    return std::nullopt;
  }
  constexpr std::string_view kScheme = "bearer";
  std::string_view text = *value;
  if (text.size() <= kScheme.size() || !iequals(text.substr(0, kScheme.size()), kScheme) ||
      !is_blank(text[kScheme.size()])) {
    return std::nullopt;
  }
  text.remove_prefix(kScheme.size());
  while (!text.empty() && is_blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_blank(text.back())) {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  return text;
}

}  // namespace frontdesk::http
