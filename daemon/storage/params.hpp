// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace frontdesk::storage {

namespace detail {
template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

template <class>
inline constexpr bool kDependentFalse = false;

template <class T>
inline constexpr bool kIsCharType = std::is_same_v<T, char> || std::is_same_v<T, signed char> ||
                                    std::is_same_v<T, unsigned char> || std::is_same_v<T, char8_t> ||
                                    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t> ||
                                    std::is_same_v<T, wchar_t>;

std::string format_double(double v);
std::string checked_text(std::string_view v);  // rejects NUL bytes, which text parameters cannot carry
std::string checked_c_string(const char* v);   // rejects nullptr
void check_no_nul(std::string_view v);         // throws as checked_text does
}  // namespace detail

// Query parameters ($1..$n), all sent in text format; std::nullopt is SQL NULL.
// Accepts integers, double/float, bool, std::string, std::string_view, const char*,
// std::optional<any of those> and std::nullopt. A char is refused on purpose: pass
// a string or a number so the intent is clear.
class Params {
public:
  Params() = default;

  template <class... A>
  explicit Params(const A&... args) {
    values_.reserve(sizeof...(A));
    (add(args), ...);
  }

  template <class T>
  Params& add(const T& v) {
    if constexpr (detail::kIsOptional<T>) {
      if (v) add(*v);
      else add_null();
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
      add_null();
    } else if constexpr (std::is_same_v<T, bool>) {
      values_.emplace_back(v ? "true" : "false");
    } else if constexpr (detail::kIsCharType<T>) {
      static_assert(detail::kDependentFalse<T>, "Params: pass a char as a string or an integer, not a char");
    } else if constexpr (std::is_integral_v<T>) {
      values_.emplace_back(std::to_string(v));
    } else if constexpr (std::is_floating_point_v<T>) {
      values_.emplace_back(detail::format_double(static_cast<double>(v)));
    } else if constexpr (std::is_same_v<std::decay_t<T>, const char*> || std::is_same_v<std::decay_t<T>, char*>) {
      values_.emplace_back(detail::checked_c_string(v));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      values_.emplace_back(detail::checked_text(std::string_view(v)));
    } else {
      static_assert(detail::kDependentFalse<T>, "Params: unsupported parameter type");
    }
    return *this;
  }

  // A text value taken over rather than copied (a large JSON document, say).
  Params& add(std::string&& v) {
    detail::check_no_nul(v);
    values_.emplace_back(std::move(v));
    return *this;
  }

  Params& add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }

  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] bool empty() const noexcept { return values_.empty(); }
  [[nodiscard]] const std::optional<std::string>& operator[](std::size_t i) const { return values_.at(i); }

  // The array libpq wants: one C string per parameter, nullptr for NULL. Valid while
  // this object is alive and unchanged.
  [[nodiscard]] std::vector<const char*> pointers() const;

private:
  std::vector<std::optional<std::string>> values_;
};

}  // namespace frontdesk::storage
