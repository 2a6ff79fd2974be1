// SPDX-License-Identifier: Apache-2.0
#include <spdlog/spdlog.h>

#include "storage/connection.hpp"

namespace frontdesk::storage {

Transaction::Transaction(Connection& conn, std::string_view begin_sql) : conn_(conn) { conn_.exec(begin_sql); }

Transaction::~Transaction() {
  if (!open_ || !conn_.ok()) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (const std::exception& e) {
    // The session is in an unknown state; the pool resets or drops such connections.
    spdlog::warn("storage: ROLLBACK on {} failed: {}", conn_.description(), e.what());
  }
}

void Transaction::commit() {
  if (!open_) throw std::logic_error("Transaction::commit: transaction already finished");
  open_ = false;  // a failed COMMIT still ends the transaction on the server
  // COMMIT of a transaction that already failed "succeeds" as a ROLLBACK; report it.
  if (conn_.exec("COMMIT").command_tag() == "ROLLBACK") {
    throw PgError("transaction was rolled back because a statement in it failed", "25P02");
  }
}

void Transaction::rollback() {
  if (!open_) throw std::logic_error("Transaction::rollback: transaction already finished");
  open_ = false;
  conn_.exec("ROLLBACK");
}

}  // namespace frontdesk::storage
