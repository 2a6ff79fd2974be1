// SPDX-License-Identifier: Apache-2.0
#pragma once
// One parsed HTTP request as handlers see it: plain strings, no Beast types.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::http {

struct Request {
  std::string method;  // as sent; methods are case-sensitive ("GET", "POST", ...)
  std::string target;  // the request-target, e.g. "/api/v1/support/tickets?page=2"
  std::string path;    // the target's path, still percent-encoded ("/kb/a%20b")
  std::string query;   // the target's query without '?', still encoded ("" when absent)
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::string body;
  std::string remote_addr;  // the peer's IP address as text

  // Filled by the router: the route's pattern, and the values (percent-decoded) and names of
  // its ":name" segments, in order.
  std::string route_pattern;
  std::vector<std::string> params;
  std::vector<std::string> param_names;

  // The first header with this name (case-insensitive), if any.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;

  // The value of the ":name" segment, if the route has one.
  [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const;

  // The first query parameter with this (decoded) key, decoded ('+' is a space). A key
  // without '=' gives an empty value. Absent or malformed query: nullopt.
  [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;

  // The value of cookie `name` in the Cookie header(s), if present and not empty.
  [[nodiscard]] std::optional<std::string_view> cookie(std::string_view name) const;

  // The token of "Authorization: Bearer <token>" (scheme case-insensitive), if present.
  [[nodiscard]] std::optional<std::string_view> bearer_token() const;
};

// Decodes %XX escapes ('+' stays '+'). nullopt when an escape is malformed.
std::optional<std::string> percent_decode(std::string_view encoded);

// ASCII case-insensitive equality, as header names compare.
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace frontdesk::http
