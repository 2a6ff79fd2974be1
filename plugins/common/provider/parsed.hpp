// SPDX-License-Identifier: Apache-2.0
#pragma once
// A provider's payload as parsed, or why it is malformed. Peers send bad input now and then
// (a truncated body, a message without its id): that is an expected outcome and travels as
// a value, answered 400 by the plugin; exceptions stay for the exceptional. Plugins build on
// the SDK alone, so this is the plugins' small counterpart of the daemon's core::Expected.
#include <optional>
#include <string>
#include <utility>

namespace frontdesk::provider {

template <class T>
class Parsed {
 public:
  Parsed(T value) : value_(std::move(value)) {}  // NOLINT: implicit, like `return value;`
  [[nodiscard]] static Parsed malformed(std::string reason) { return Parsed(std::move(reason), 0); }

  explicit operator bool() const noexcept { return value_.has_value(); }
  // Precondition: a value (checked: std::bad_optional_access otherwise).
  [[nodiscard]] T& operator*() & { return value_.value(); }
  [[nodiscard]] const T& operator*() const& { return value_.value(); }
  [[nodiscard]] T&& operator*() && { return std::move(value_.value()); }
  [[nodiscard]] T* operator->() { return &value_.value(); }
  [[nodiscard]] const T* operator->() const { return &value_.value(); }
  // Why the payload is malformed; empty when it parsed.
  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  Parsed(std::string reason, int /*tag*/) : error_(std::move(reason)) {}
  std::optional<T> value_;
  std::string error_;
};

}  // namespace frontdesk::provider
