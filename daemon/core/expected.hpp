// SPDX-License-Identifier: Apache-2.0
// A small std::expected-like result for C++20: a value or an error, never both.
//
// Frontdesk reports expected outcomes ("this transition is not allowed", "bad duration")
// as values, and keeps exceptions for the exceptional. The interface is a subset of
// C++23's std::expected so the type can be swapped for it later without touching callers.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace frontdesk::core {

// Wraps an error so it can be returned where an Expected<T, E> is expected.
template <typename E>
class Unexpected {
 public:
  explicit Unexpected(E error) : error_(std::move(error)) {}

  [[nodiscard]] const E& error() const& noexcept { return error_; }
  [[nodiscard]] E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};

template <typename E>
Unexpected(E) -> Unexpected<E>;

// Thrown by Expected::value() when there is no value.
class BadExpectedAccess : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

namespace detail {
template <typename E>
[[noreturn]] void throw_bad_expected_access(const E& error) {
  if constexpr (std::is_convertible_v<const E&, std::string_view>) {
    throw BadExpectedAccess("Expected has no value: " + std::string(std::string_view(error)));
  } else {
    throw BadExpectedAccess("Expected has no value");
  }
}
}  // namespace detail

template <typename T, typename E>
class Expected {
 public:
  // Implicit, like std::expected: `return value;` and `return Unexpected(error);`.
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> error) : state_(std::in_place_index<1>, std::move(error).error()) {}

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  [[nodiscard]] const T& value() const& {
    if (!has_value()) {
      detail::throw_bad_expected_access(std::get<1>(state_));
    }
    return std::get<0>(state_);
  }
  [[nodiscard]] T&& value() && {
    if (!has_value()) {
      detail::throw_bad_expected_access(std::get<1>(state_));
    }
    return std::get<0>(std::move(state_));
  }

  // Precondition: has_value() (checked: std::bad_variant_access otherwise).
  [[nodiscard]] const T& operator*() const& { return std::get<0>(state_); }
  [[nodiscard]] T& operator*() & { return std::get<0>(state_); }
  [[nodiscard]] T&& operator*() && { return std::get<0>(std::move(state_)); }
  [[nodiscard]] const T* operator->() const { return &std::get<0>(state_); }
  [[nodiscard]] T* operator->() { return &std::get<0>(state_); }

  // Precondition: !has_value() (checked: std::bad_variant_access otherwise).
  [[nodiscard]] const E& error() const& { return std::get<1>(state_); }
  [[nodiscard]] E&& error() && { return std::get<1>(std::move(state_)); }

  // As for std::expected: equal to a value when it holds an equal value.
  friend bool operator==(const Expected& expected, const T& value) {
    return expected.has_value() && *expected == value;
  }

 private:
  std::variant<T, E> state_;
};

// Success without a value, or an error.
template <typename E>
class Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> error) : state_(std::in_place_index<1>, std::move(error).error()) {}

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  void value() const {
    if (!has_value()) {
      detail::throw_bad_expected_access(std::get<1>(state_));
    }
  }

  // Precondition: !has_value() (checked: std::bad_variant_access otherwise).
  [[nodiscard]] const E& error() const& { return std::get<1>(state_); }
  [[nodiscard]] E&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<std::monostate, E> state_;
};

}  // namespace frontdesk::core

// Propagating an error to the caller, for functions that return Expected<U, E> and call
// several that return Expected<T, E> (an API handler reads a body, finds a ticket, checks a
// permission, ... each of which may end the call with its answer):
//
//   FD_TRY(const auto ticket, find_ticket(call, id, true));  // declares `ticket` (the value)
//   FD_CHECK(require_workable(call, ticket));                // Expected<void, E>
//
// On an error both return it from the enclosing function at once; otherwise FD_TRY declares
// its variable with the value (or assigns it: `FD_TRY(change.into, body.string("into"))`). Why macros: C++20 has no `?` / `try` operator, and spelling it
// out costs two lines and a second name per call (`auto t = f(); if (!t) return
// Unexpected(t.error());`, then `*t` or `(*t)->` at every use), which buried the handlers'
// logic when they were written that way. Both expand to whole statements whose `if` is
// braced. FD_TRY is several statements (it declares a name for what follows), so it is never
// the unbraced body of an `if`; its hidden temporary is named after the line, one per line.
// FD_CHECK is one statement and goes anywhere.
#define FD_EXPECTED_CONCAT_(a, b) a##b
#define FD_EXPECTED_CONCAT(a, b) FD_EXPECTED_CONCAT_(a, b)
#define FD_EXPECTED_TMP FD_EXPECTED_CONCAT(fd_try_result_, __LINE__)

#define FD_TRY(declaration, ...)                                                 \
  auto FD_EXPECTED_TMP = (__VA_ARGS__);                                          \
  if (!FD_EXPECTED_TMP) {                                                        \
    return ::frontdesk::core::Unexpected(std::move(FD_EXPECTED_TMP).error());    \
  }                                                                              \
  declaration = *std::move(FD_EXPECTED_TMP)

#define FD_CHECK(...)                                                            \
  do {                                                                           \
    if (auto fd_check_result_ = (__VA_ARGS__); !fd_check_result_) {              \
      return ::frontdesk::core::Unexpected(std::move(fd_check_result_).error()); \
    }                                                                            \
  } while (false)
