// SPDX-License-Identifier: Apache-2.0
#include "api/query_params.hpp"

#include <charconv>
#include <regex>

namespace frontdesk::api {

core::Unexpected<Problem> bad_query(std::string message) {
  return problem(400, "bad_request", std::move(message));
}

Result<std::optional<std::string>> query(const Call& call, std::string_view key) {
  auto v = call.request.query_param(key);
  if (v && v->empty()) return std::optional<std::string>();
  if (v && v->size() > 1000) return bad_query(std::string(key) + " is too long");
  if (v && v->find('\0') != std::string::npos) return bad_query(std::string(key) + " contains NUL");
  return v;
}

Result<std::int64_t> query_int(const Call& call, std::string_view key, std::int64_t fallback,
                               std::int64_t min, std::int64_t max) {
  FD_TRY(const auto v, query(call, key));
  if (!v) return fallback;
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
    return bad_query(std::string(key) + " must be an integer between " + std::to_string(min) +
                     " and " + std::to_string(max));
  }
  return n;
}

Result<std::optional<std::string>> query_time(const Call& call, std::string_view key,
                                              bool end_of_day) {
  FD_TRY(const auto v, query(call, key));
  if (!v) return std::optional<std::string>();
  static const std::regex pattern(
      R"((\d{4}-[01]\d-[0-3]\d)([T ][0-2]\d:[0-5]\d(:[0-5]\d(\.\d{1,6})?)?)?(Z|[+-][0-2]\d:?[0-5]\d)?)");
  std::smatch m;
  if (!std::regex_match(*v, m, pattern)) {
    return bad_query(std::string(key) + " must be a date (YYYY-MM-DD) or an ISO 8601 time");
  }
  std::string out = m[1].str();
  if (m[2].matched) {
    out += m[2].str();
  } else {
    out += end_of_day ? "T24:00:00" : "T00:00:00";
  }
  out += m[5].matched ? m[5].str() : "Z";
  return std::optional<std::string>(std::move(out));
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace frontdesk::api
