// SPDX-License-Identifier: Apache-2.0
// A PostgreSQL array literal ("{1,NULL,\"a b\"}") built one element at a time, for passing a
// whole column of values as one text parameter (`$1::bigint[]`, `unnest($1::text[], ...)`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::storage {

class ArrayLiteral {
 public:
  void add(std::int64_t v) { next() += std::to_string(v); }
  void add(std::optional<std::int64_t> v) {
    if (v) {
      add(*v);
    } else {
      add_null();
    }
  }
  void add(bool v) { next() += v ? 't' : 'f'; }
  void add(std::string_view v) {
    std::string& out = next();
    out += '"';
    for (char ch : v) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  void add_null() { next() += "NULL"; }
  [[nodiscard]] std::string text() const { return text_ + '}'; }

 private:
  std::string& next() {
    if (!empty_) text_ += ',';
    empty_ = false;
    return text_;
  }
  std::string text_ = "{";
  bool empty_ = true;
};

}  // namespace frontdesk::storage
