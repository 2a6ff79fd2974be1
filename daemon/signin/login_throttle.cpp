// SPDX-License-Identifier: Apache-2.0
#include "signin/login_throttle.hpp"

#include "storage/connection.hpp"

namespace frontdesk::signin {

namespace {

constexpr int kWindowMinutes = 15;
constexpr std::int64_t kAccountLimit = 5;
constexpr std::int64_t kClientLimit = 30;

}  // namespace

std::optional<Refusal> login_refusal(storage::Connection& db, std::string_view email, std::string_view client) {
  // The time until the oldest failure that still counts leaves the window is the wait.
  auto rows = db.exec(
      "SELECT count(*) FILTER (WHERE email = $1), count(*) FILTER (WHERE client_address = $2), "
      "  ceil(extract(epoch FROM min(at) FILTER (WHERE email = $1) + make_interval(mins => $3) - now()))::bigint, "
      "  ceil(extract(epoch FROM min(at) FILTER (WHERE client_address = $2) + make_interval(mins => $3) - now()))::bigint "
      "FROM login_failures WHERE at > now() - make_interval(mins => $3) AND (email = $1 OR client_address = $2)",
      email, client, kWindowMinutes);
  const auto wait = [&](int column) {
    return std::chrono::seconds(std::max<std::int64_t>(1, rows.is_null(0, column) ? 1 : rows.get<std::int64_t>(0, column)));
  };
  if (rows.get<std::int64_t>(0, 0) >= kAccountLimit) return Refusal{"account_locked", wait(2)};
  if (rows.get<std::int64_t>(0, 1) >= kClientLimit) return Refusal{"too_many_attempts", wait(3)};
  return std::nullopt;
}

void record_login_failure(storage::Connection& db, std::string_view email, std::string_view client) {
  db.exec("INSERT INTO login_failures (email, client_address) VALUES ($1, $2)", email, client);
}

void clear_login_failures(storage::Connection& db, std::string_view email) {
  db.exec("DELETE FROM login_failures WHERE email = $1 OR at < now() - interval '1 day'", email);
}

}  // namespace frontdesk::signin
