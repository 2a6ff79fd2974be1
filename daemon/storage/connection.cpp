// SPDX-License-Identifier: Apache-2.0
#include "storage/connection.hpp"

#include <libpq-fe.h>

#include <utility>

#include <spdlog/spdlog.h>

namespace frontdesk::storage {

namespace {

std::string trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string with_context(std::string_view context, const std::string& message) {
  if (context.empty()) return message;
  return std::string(context) + ": " + message;
}

// Server notices go to our log instead of libpq's default, stderr. NOTICE and below
// (e.g. "relation already exists, skipping") are routine; WARNING deserves attention.
void route_notice(void* /*unused*/, const PGresult* res) {
  const std::string severity = trimmed(PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED));
  const std::string message = trimmed(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  if (severity == "WARNING") {
    spdlog::warn("storage: server warning: {}", message);
  } else {
    spdlog::debug("storage: server {}: {}", severity, message);
  }
}

// Returns an open connection or throws; never returns a failed PGconn.
PGconn* open_connection(const std::string& conninfo, const std::string& description, std::string_view verb) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  const std::string reason = conn == nullptr ? "out of memory" : trimmed(PQerrorMessage(conn));
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    throw PgError(std::string(verb) + " " + description + " failed: " + reason, std::string(kSqlStateCannotConnect));
  }
  PQsetNoticeReceiver(conn, route_notice, nullptr);
  // Every statement the daemon runs is short; LLVM JIT never pays off for them, and a plan
  // whose estimate crosses jit_above_cost spends 10-200 ms compiling (seen with a generic
  // plan of the SLA claim). The embedded cluster has it off; so must any other server.
  PGresult* set = PQexec(conn, "SET jit = off");
  const bool ok = PQresultStatus(set) == PGRES_COMMAND_OK;
  const std::string error = ok ? std::string() : trimmed(PQerrorMessage(conn));
  PQclear(set);
  if (!ok) {
    PQfinish(conn);
    throw PgError(std::string(verb) + " " + description + " failed: " + error, std::string(kSqlStateCannotConnect));
  }
  return conn;
}

}  // namespace

Connection::Connection(pg_conn* conn, std::string conninfo, std::string description) noexcept
    : conn_(conn), conninfo_(std::move(conninfo)), description_(std::move(description)) {}

Connection Connection::connect(const std::string& conninfo) {
  std::string description = redact_conninfo(conninfo);
  PGconn* conn = open_connection(conninfo, description, "connecting to");
  spdlog::debug("storage: connected to {}", description);
  return Connection(conn, conninfo, std::move(description));
}

Connection::Connection(Connection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      conninfo_(std::move(other.conninfo_)),
      description_(std::move(other.description_)),
      broken_(std::exchange(other.broken_, false)),
      prepared_(std::move(other.prepared_)),
      statement_cache_(std::move(other.statement_cache_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = std::exchange(other.conn_, nullptr);
    conninfo_ = std::move(other.conninfo_);
    description_ = std::move(other.description_);
    broken_ = std::exchange(other.broken_, false);
    prepared_ = std::move(other.prepared_);
    statement_cache_ = std::move(other.statement_cache_);
  }
  return *this;
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

PgError Connection::error_from(const pg_result* res, std::string_view context) const {
  const bool lost = conn_ == nullptr || PQstatus(conn_) == CONNECTION_BAD;
  if (res == nullptr) {
    const std::string reason = conn_ ? trimmed(PQerrorMessage(conn_)) : "connection was moved from";
    return {with_context(context, reason), lost ? std::string(kSqlStateConnectionFailure) : std::string()};
  }
  std::string sqlstate = trimmed(PQresultErrorField(res, PG_DIAG_SQLSTATE));
  if (sqlstate.empty() && lost) sqlstate = kSqlStateConnectionFailure;
  std::string message = trimmed(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  if (message.empty()) message = trimmed(PQresultErrorMessage(res));
  if (message.empty() && conn_) message = trimmed(PQerrorMessage(conn_));
  return {with_context(context, message), std::move(sqlstate), trimmed(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL))};
}

Result Connection::check(pg_result* res, std::string_view context) const {
  Result owned(res);  // cleared on every path
  switch (res ? PQresultStatus(res) : PGRES_FATAL_ERROR) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return owned;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      throw PgError(with_context(context, "COPY is not supported by this connection wrapper"), "0A000");
    default:
      throw error_from(res, context);
  }
}

Result Connection::exec(std::string_view sql) {
  const std::string text(sql);
  return check(PQexec(conn_, text.c_str()));
}

Result Connection::exec_params(std::string_view sql, const Params& params) {
  std::string text(sql);
  const std::vector<const char*> values = params.pointers();
  const int count = static_cast<int>(values.size());
  auto it = statement_cache_.find(text);
  if (it == statement_cache_.end()) {
    if (statement_cache_.size() >= kStatementCacheSize) {
      return check(PQexecParams(conn_, text.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0));
    }
    std::string name = "fd_auto_" + std::to_string(statement_cache_.size());
    check(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    it = statement_cache_.emplace(std::move(text), std::move(name)).first;
  }
  return check(PQexecPrepared(conn_, it->second.c_str(), count, values.data(), nullptr, nullptr, 0));
}

void Connection::prepare(std::string_view name, std::string_view sql) {
  if (const auto it = prepared_.find(name); it != prepared_.end()) {
    if (it->second == sql) return;
    throw std::invalid_argument("statement '" + std::string(name) + "' is already prepared with different SQL");
  }
  const std::string n(name);
  const std::string text(sql);
  check(PQprepare(conn_, n.c_str(), text.c_str(), 0, nullptr), "preparing statement '" + n + "'");
  prepared_.emplace(n, text);
}

bool Connection::is_prepared(std::string_view name) const { return prepared_.contains(name); }

Result Connection::exec_prepared(std::string_view name, const Params& params) {
  const std::string n(name);
  const std::vector<const char*> values = params.pointers();
  return check(PQexecPrepared(conn_, n.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0));
}

bool Connection::ok() const noexcept { return conn_ != nullptr && !broken_ && PQstatus(conn_) == CONNECTION_OK; }

void Connection::reset() {
  if (conninfo_.empty() && conn_ == nullptr) throw std::logic_error("Connection::reset on a moved-from connection");
  // A brand-new PGconn rather than PQreset: no client-side state (pipeline mode, a
  // half-read result) can survive into the new session.
  PGconn* fresh = open_connection(conninfo_, description_, "reconnecting to");
  if (conn_) PQfinish(conn_);
  conn_ = fresh;
  broken_ = false;
  statement_cache_.clear();
  spdlog::info("storage: reconnected to {}", description_);
  // A new session has no prepared statements; restore the ones callers rely on.
  for (const auto& [name, sql] : prepared_) {
    check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), "re-preparing statement '" + name + "'");
  }
}

TransactionStatus Connection::transaction_status() const noexcept {
  if (conn_ == nullptr) return TransactionStatus::unknown;
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_IDLE:
      return TransactionStatus::idle;
    case PQTRANS_ACTIVE:
      return TransactionStatus::active;
    case PQTRANS_INTRANS:
      return TransactionStatus::in_transaction;
    case PQTRANS_INERROR:
      return TransactionStatus::in_error;
    case PQTRANS_UNKNOWN:
      break;
  }
  return TransactionStatus::unknown;
}

bool Connection::in_pipeline() const noexcept { return conn_ != nullptr && PQpipelineStatus(conn_) != PQ_PIPELINE_OFF; }

}  // namespace frontdesk::storage
