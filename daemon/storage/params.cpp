// SPDX-License-Identifier: Apache-2.0
#include "storage/params.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace frontdesk::storage {

namespace detail {

std::string format_double(double v) {
  // PostgreSQL's own spellings; to_chars would give "inf"/"nan".
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that round-trips
  if (ec != std::errc{}) throw std::logic_error("format_double: buffer too small");
  return {buf, end};
}

void check_no_nul(std::string_view v) {
  if (v.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("query parameter contains a NUL byte, which PostgreSQL text cannot hold");
  }
}

std::string checked_text(std::string_view v) {
  check_no_nul(v);
  return std::string(v);
}

std::string checked_c_string(const char* v) {
  if (v == nullptr) throw std::invalid_argument("query parameter is a null const char*; use std::nullopt for SQL NULL");
  return v;
}

}  // namespace detail

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

}  // namespace frontdesk::storage
