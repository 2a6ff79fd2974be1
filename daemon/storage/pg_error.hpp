// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace frontdesk::storage {

// The one error type of the storage layer: a server or connection failure.
// `what()` is PostgreSQL's primary message (prefixed with context where we add any);
// `sqlstate` is the five-character SQLSTATE code. Failures that never reached the
// server (connect, lost connection) get a class-08 code so is_transient() holds.
struct PgError : std::runtime_error {
  PgError(const std::string& message, std::string sql_state, std::string detail_text = {})
      : std::runtime_error(message), sqlstate(std::move(sql_state)), detail(std::move(detail_text)) {}

  std::string sqlstate;
  std::string detail;  // PostgreSQL's DETAIL line, if any

  // Worth retrying the whole unit of work on a fresh connection / transaction.
  [[nodiscard]] bool is_transient() const noexcept {
    const std::string_view s = sqlstate;
    return s.starts_with("08")                     // connection exception
           || s == "40001"                         // serialization_failure
           || s == "40P01"                         // deadlock_detected
           || s == "57P01" || s == "57P02" || s == "57P03";  // admin/crash shutdown, cannot connect now
  }

  [[nodiscard]] bool is_unique_violation() const noexcept { return sqlstate == "23505"; }
};

// SQLSTATEs we assign ourselves when libpq reports no code.
inline constexpr std::string_view kSqlStateConnectionFailure = "08006";
inline constexpr std::string_view kSqlStateCannotConnect = "08001";

}  // namespace frontdesk::storage
