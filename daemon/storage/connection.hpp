// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <unordered_map>
#include <string>
#include <string_view>
#include <type_traits>

#include "storage/conninfo.hpp"
#include "storage/params.hpp"
#include "storage/pg_error.hpp"
#include "storage/result.hpp"

struct pg_conn;  // libpq's PGconn, kept out of this header

namespace frontdesk::storage {

enum class TransactionStatus { idle, active, in_transaction, in_error, unknown };

// Owns one libpq connection. Not thread-safe: one thread uses it at a time (Database
// leases connections to make that so). Every failed statement throws PgError carrying
// the SQLSTATE and PostgreSQL's primary message.
class Connection {
public:
  // `conninfo` may be a URL (postgresql://...) or key=value pairs. Throws PgError
  // (SQLSTATE 08001) with libpq's reason; the password never appears in it.
  static Connection connect(const std::string& conninfo);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Parameterless statement(s), sent with the simple protocol: `sql` may hold several
  // statements separated by ';' (migrations rely on it); the last one's result is returned.
  Result exec(std::string_view sql);

  // One statement with its arguments bound as $1..$n, never spliced into the SQL.
  // A single Params argument is taken as the whole parameter list.
  template <class... A>
    requires(sizeof...(A) > 0)
  Result exec(std::string_view sql, const A&... args) {
    if constexpr (sizeof...(A) == 1 && (std::is_same_v<A, Params> && ...)) {
      return exec_params(sql, args...);
    } else {
      return exec_params(sql, Params(args...));
    }
  }

  // Each distinct statement text is prepared on first use (up to kStatementCacheSize per
  // session), so repeated statements skip parsing and planning.
  Result exec_params(std::string_view sql, const Params& params);
  static constexpr std::size_t kStatementCacheSize = 512;

  // Server-side prepared statements. prepare() is a no-op when `name` is already
  // prepared here with the same SQL (so callers may prepare on every lease) and throws
  // std::invalid_argument when it was prepared with different SQL. They survive reset().
  void prepare(std::string_view name, std::string_view sql);
  [[nodiscard]] bool is_prepared(std::string_view name) const;
  Result exec_prepared(std::string_view name, const Params& params);

  // ok() is false once libpq has seen the connection fail (or mark_broken() was called);
  // reset() opens a new session with the same parameters and re-prepares the statements,
  // or throws PgError (08001).
  [[nodiscard]] bool ok() const noexcept;
  void reset();
  // For code that lost track of the protocol state (e.g. a pipeline cut short): the
  // session must not be reused, so ok() turns false until reset().
  void mark_broken() noexcept { broken_ = true; }

  [[nodiscard]] TransactionStatus transaction_status() const noexcept;
  [[nodiscard]] bool in_pipeline() const noexcept;
  // The conninfo with passwords masked, for log lines.
  [[nodiscard]] const std::string& description() const noexcept { return description_; }
  [[nodiscard]] pg_conn* native() const noexcept { return conn_; }

  // Throws PgError if `res` is not a successful result; used by Pipeline too.
  Result check(pg_result* res, std::string_view context = {}) const;
  // The error for a result that failed (or for a lost connection when res is nullptr).
  [[nodiscard]] PgError error_from(const pg_result* res, std::string_view context = {}) const;

private:
  Connection(pg_conn* conn, std::string conninfo, std::string description) noexcept;

  pg_conn* conn_ = nullptr;
  std::string conninfo_;  // may hold a password: used to reconnect, never logged
  std::string description_;
  bool broken_ = false;
  std::map<std::string, std::string, std::less<>> prepared_;  // name -> sql
  std::unordered_map<std::string, std::string> statement_cache_;  // sql -> name; cleared by reset()
};

// BEGIN in the constructor, ROLLBACK in the destructor unless commit() succeeded.
class Transaction {
public:
  explicit Transaction(Connection& conn, std::string_view begin_sql = "BEGIN");
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();
  void rollback();
  [[nodiscard]] Connection& connection() noexcept { return conn_; }

private:
  Connection& conn_;
  bool open_ = true;
};

}  // namespace frontdesk::storage
