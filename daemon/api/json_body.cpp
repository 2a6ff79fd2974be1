// SPDX-License-Identifier: Apache-2.0
#include "api/json_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <charconv>

namespace frontdesk::api {

namespace json = boost::json;

Result<JsonBody> JsonBody::parse(std::string_view text,
                                 std::initializer_list<std::string_view> allowed) {
  if (text.empty()) text = "{}";
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec) return problem(400, "invalid_json", "the body is not valid JSON: " + ec.message());
  if (!value.is_object()) return problem(400, "invalid_json", "the body must be a JSON object");
  for (const auto& field : value.get_object()) {
    bool known = false;
    for (auto name : allowed) known = known || name == field.key();
    if (!known) return invalid("unknown field '" + std::string(field.key()) + "'");
  }
  return JsonBody(std::move(value.as_object()));
}

bool JsonBody::has(std::string_view key) const {
  const auto* v = object_.if_contains(key);
  return v != nullptr && !v->is_null();
}

const json::value* JsonBody::raw(std::string_view key) const {
  const auto* v = object_.if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

Result<std::optional<std::string>> JsonBody::string(std::string_view key, std::size_t max) const {
  const auto* v = raw(key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return invalid(std::string(key) + " must be a string");
  const auto& s = v->get_string();
  if (s.size() > max) {
    return problem(413, "payload_too_large",
                   std::string(key) + " is longer than " + std::to_string(max) + " bytes");
  }
  // PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database.
  if (s.find('\0') != json::string::npos) return invalid(std::string(key) + " must not contain NUL");
  return std::optional<std::string>(s);
}

Result<std::string> JsonBody::required_string(std::string_view key, std::size_t max) const {
  FD_TRY(auto s, string(key, max));
  if (!s || s->find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid(std::string(key) + " is required");
  }
  return std::move(*s);
}

Result<std::optional<std::int64_t>> JsonBody::integer(std::string_view key, std::int64_t min,
                                                      std::int64_t max) const {
  const auto* v = raw(key);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else {
    return invalid(std::string(key) + " must be an integer");
  }
  if (n < min || n > max) {
    return invalid(std::string(key) + " must be between " + std::to_string(min) + " and " +
                   std::to_string(max));
  }
  return std::optional<std::int64_t>(n);
}

Result<std::optional<bool>> JsonBody::boolean(std::string_view key) const {
  const auto* v = raw(key);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return invalid(std::string(key) + " must be true or false");
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<std::vector<std::string>>> JsonBody::strings(std::string_view key,
                                                                  std::size_t max_items,
                                                                  std::size_t max_len) const {
  const auto* v = raw(key);
  if (!v) return std::optional<std::vector<std::string>>();
  if (!v->is_array()) return invalid(std::string(key) + " must be an array of strings");
  const auto& a = v->get_array();
  if (a.size() > max_items) {
    return invalid(std::string(key) + " has more than " + std::to_string(max_items) + " items");
  }
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (!item.is_string() || item.get_string().empty() || item.get_string().size() > max_len) {
      return invalid(std::string(key) + " items must be non-empty strings of at most " +
                     std::to_string(max_len) + " bytes");
    }
    out.emplace_back(item.get_string());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<std::int64_t>> JsonBody::id(std::string_view key) const {
  const auto* v = raw(key);
  if (!v) return std::optional<std::int64_t>();
  if (v->is_string()) {
    auto id = parse_id(v->get_string());
    if (!id) return invalid(std::string(key) + " must be a positive id");
    return id;
  }
  return integer(key, 1, INT64_MAX);
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value <= 0) return std::nullopt;
  return value;
}

}  // namespace frontdesk::api
