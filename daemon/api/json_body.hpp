// SPDX-License-Identifier: Apache-2.0
#pragma once
// A request's JSON object body with typed, validated field access. Malformed JSON or a
// non-object is 400; a field of the wrong type, out of range or not in its enum is 422
// naming the field; unknown fields are 422 too, so typos do not pass silently.
#include "core/enum_names.hpp"
#include "api/problem.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::api {

// Each accessor gives the field's value (nullopt when absent or null) or the Problem that
// answers the call.
class JsonBody {
 public:
  // `allowed` lists the accepted field names.
  static Result<JsonBody> parse(std::string_view text,
                                std::initializer_list<std::string_view> allowed);

  [[nodiscard]] bool has(std::string_view key) const;
  // Strings are trimmed of nothing; `max` counts bytes. Empty strings count as given.
  Result<std::optional<std::string>> string(std::string_view key, std::size_t max) const;
  Result<std::string> required_string(std::string_view key, std::size_t max) const;
  Result<std::optional<std::int64_t>> integer(std::string_view key, std::int64_t min,
                                              std::int64_t max) const;
  Result<std::optional<bool>> boolean(std::string_view key) const;
  Result<std::optional<std::vector<std::string>>> strings(std::string_view key,
                                                          std::size_t max_items,
                                                          std::size_t max_len) const;
  // An id given as a JSON number or a numeric string.
  Result<std::optional<std::int64_t>> id(std::string_view key) const;
  const boost::json::value* raw(std::string_view key) const;

  template <core::NamedEnum E>
  Result<std::optional<E>> enumeration(std::string_view key) const {
    FD_TRY(const auto text, string(key, 64));
    if (!text) return std::optional<E>();
    auto value = core::parse_enum<E>(*text);
    if (!value) return invalid(std::string(key) + ": " + core::invalid_value_message<E>(*text));
    return value;
  }

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}
  boost::json::object object_;
};

// Parses a positive decimal id ("42"); nullopt otherwise.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace frontdesk::api
