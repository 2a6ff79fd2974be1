// SPDX-License-Identifier: Apache-2.0
#include "storage/result.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace frontdesk::storage {

Result::Result(Result&& other) noexcept : res_(std::exchange(other.res_, nullptr)) {}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    PQclear(res_);
    res_ = std::exchange(other.res_, nullptr);
  }
  return *this;
}

Result::~Result() { PQclear(res_); }

int Result::rows() const noexcept { return res_ ? PQntuples(res_) : 0; }

int Result::columns() const noexcept { return res_ ? PQnfields(res_) : 0; }

std::int64_t Result::affected_rows() const {
  if (!res_) return 0;
  const std::string_view s = PQcmdTuples(res_);
  std::int64_t n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

std::string_view Result::command_tag() const noexcept { return res_ ? PQcmdStatus(res_) : ""; }

int Result::column(std::string_view name) const {
  // Not PQfnumber: it case-folds unquoted names like SQL would, which surprises callers.
  std::string known;
  for (int c = 0; c < columns(); ++c) {
    const std::string_view candidate = PQfname(res_, c);
    if (candidate == name) return c;
    known += known.empty() ? "" : ", ";
    known += candidate;
  }
  throw std::out_of_range(fmt::format("result has no column named '{}' (columns: {})", name, known));
}

std::string_view Result::column_name(int col) const {
  check_column(col);
  return PQfname(res_, col);
}

void Result::check_column(int col) const {
  if (col < 0 || col >= columns()) {
    throw std::out_of_range(fmt::format("column index {} out of range (result has {} columns)", col, columns()));
  }
}

bool Result::is_null(int row, int col) const {
  check_column(col);
  if (row < 0 || row >= rows()) {
    throw std::out_of_range(fmt::format("row index {} out of range (result has {} rows)", row, rows()));
  }
  return PQgetisnull(res_, row, col) != 0;
}

std::string_view Result::text(int row, int col) const {
  if (is_null(row, col)) return {};
  return {PQgetvalue(res_, row, col), static_cast<std::size_t>(PQgetlength(res_, row, col))};
}

std::string_view Result::non_null_text(int row, int col, std::string_view wanted) const {
  if (is_null(row, col)) {
    throw std::runtime_error(fmt::format("row {} column '{}' is NULL, cannot read it as {} (use get_optional)", row,
                                         PQfname(res_, col), wanted));
  }
  return text(row, col);
}

void Result::bad_value(int row, int col, std::string_view wanted) const {
  throw std::runtime_error(
      fmt::format("row {} column '{}': value '{}' is not a valid {}", row, PQfname(res_, col), text(row, col), wanted));
}

namespace {

template <class Int>
bool parse_integer(std::string_view s, Int& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

template <>
std::int64_t Result::parse<std::int64_t>(int row, int col) const {
  std::int64_t v = 0;
  if (!parse_integer(non_null_text(row, col, "int64"), v)) bad_value(row, col, "int64");
  return v;
}

template <>
std::int32_t Result::parse<std::int32_t>(int row, int col) const {
  std::int32_t v = 0;
  if (!parse_integer(non_null_text(row, col, "int32"), v)) bad_value(row, col, "int32 (not an integer or out of range)");
  return v;
}

template <>
double Result::parse<double>(int row, int col) const {
  const std::string_view s = non_null_text(row, col, "double");
  // PostgreSQL spells the special values this way; from_chars wants "inf"/"nan".
  if (s == "Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) bad_value(row, col, "double");
  return v;
}

template <>
bool Result::parse<bool>(int row, int col) const {
  const std::string_view s = non_null_text(row, col, "bool");
  if (s == "t" || s == "true") return true;
  if (s == "f" || s == "false") return false;
  bad_value(row, col, "bool (expected t or f)");
}

template <>
std::string Result::parse<std::string>(int row, int col) const {
  return std::string(non_null_text(row, col, "string"));
}

}  // namespace frontdesk::storage
