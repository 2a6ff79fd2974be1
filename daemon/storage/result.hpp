// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

struct pg_result;  // libpq's PGresult, kept out of this header

namespace frontdesk::storage {

// Owns one PGresult. Values are read in text format; get<T> parses them and throws
// std::runtime_error naming the row, column and offending text on NULL, type or range
// mistakes, and std::out_of_range for a bad row/column index or an unknown column name.
class Result {
public:
  Result() noexcept = default;
  explicit Result(pg_result* res) noexcept : res_(res) {}
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result();

  [[nodiscard]] int rows() const noexcept;
  [[nodiscard]] int columns() const noexcept;
  [[nodiscard]] bool empty() const noexcept { return rows() == 0; }
  // Rows touched by INSERT/UPDATE/DELETE/... (PQcmdTuples); 0 when not applicable.
  [[nodiscard]] std::int64_t affected_rows() const;
  // The command tag, e.g. "INSERT 0 1" or "ROLLBACK".
  [[nodiscard]] std::string_view command_tag() const noexcept;

  [[nodiscard]] int column(std::string_view name) const;  // exact, case-sensitive match
  [[nodiscard]] std::string_view column_name(int col) const;

  [[nodiscard]] bool is_null(int row, int col) const;
  [[nodiscard]] std::string_view text(int row, int col) const;  // "" for NULL

  template <class T>
  [[nodiscard]] T get(int row, int col) const {
    static_assert(kSupported<T>, "Result::get<T>: T must be int64_t, int32_t, double, bool or std::string");
    return parse<T>(row, col);
  }
  template <class T>
  [[nodiscard]] T get(int row, std::string_view col) const {
    return get<T>(row, column(col));
  }
  template <class T>
  [[nodiscard]] std::optional<T> get_optional(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return get<T>(row, col);
  }
  template <class T>
  [[nodiscard]] std::optional<T> get_optional(int row, std::string_view col) const {
    return get_optional<T>(row, column(col));
  }

  [[nodiscard]] pg_result* native() const noexcept { return res_; }

private:
  template <class T>
  static constexpr bool kSupported =
      std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::int32_t> || std::is_same_v<T, double> ||
      std::is_same_v<T, bool> || std::is_same_v<T, std::string>;

  template <class T>
  T parse(int row, int col) const;

  void check_column(int col) const;
  std::string_view non_null_text(int row, int col, std::string_view wanted) const;
  [[noreturn]] void bad_value(int row, int col, std::string_view wanted) const;

  pg_result* res_ = nullptr;
};

template <> std::int64_t Result::parse<std::int64_t>(int row, int col) const;
template <> std::int32_t Result::parse<std::int32_t>(int row, int col) const;
template <> double Result::parse<double>(int row, int col) const;
template <> bool Result::parse<bool>(int row, int col) const;
template <> std::string Result::parse<std::string>(int row, int col) const;

}  // namespace frontdesk::storage
