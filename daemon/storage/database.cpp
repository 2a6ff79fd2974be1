// SPDX-License-Identifier: Apache-2.0
#include "storage/database.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

namespace frontdesk::storage {

namespace {

constexpr std::chrono::milliseconds kPingLeaseWait{2000};
// One round trip; SET LOCAL keeps the timeout from leaking into later work on the session.
constexpr std::string_view kPingSql = "BEGIN; SET LOCAL statement_timeout = 2000; SELECT 1; COMMIT";
constexpr std::string_view kSqlStateNotReady = "55000";  // object_not_in_prerequisite_state

std::size_t checked_size(std::size_t size) {
  if (size == 0) throw std::invalid_argument("Database: pool size must be at least 1");
  return size;
}

}  // namespace

Database::Database(std::string conninfo, std::size_t size)
    : conninfo_(std::move(conninfo)), slots_(checked_size(size)), pool_(size) {
  free_.reserve(size);
  for (std::size_t i = size; i > 0; --i) free_.push_back(i - 1);  // hand out slot 0 first
}

Database::~Database() { stop(); }

std::exception_ptr Database::stopped_error() {
  return std::make_exception_ptr(PgError("database pool is stopped", std::string(kSqlStateNotReady)));
}

Database::Lease Database::acquire(std::optional<std::chrono::milliseconds> wait) {
  std::size_t slot = 0;
  {
    std::unique_lock lock(mutex_);
    const auto ready = [this] { return closed_ || !free_.empty(); };
    if (wait) {
      if (!freed_.wait_for(lock, *wait, ready)) {
        throw PgError("no database connection became free within " + std::to_string(wait->count()) + " ms",
                      std::string(kSqlStateCannotConnect));
      }
    } else {
      freed_.wait(lock, ready);
    }
    if (closed_) std::rethrow_exception(stopped_error());
    slot = free_.back();
    free_.pop_back();
  }
  Lease lease(*this, slot);  // gives the slot back if opening the connection throws
  std::optional<Connection>& conn = slots_[slot];
  if (!conn) {
    conn = Connection::connect(conninfo_);
  } else if (!conn->ok()) {
    spdlog::warn("storage: connection to {} is broken; reconnecting", conn->description());
    conn->reset();
  }
  return lease;
}

void Database::release(std::size_t slot) noexcept {
  std::optional<Connection>& conn = slots_[slot];
  if (conn && conn->ok()) {
    const TransactionStatus status = conn->transaction_status();
    if (status == TransactionStatus::in_transaction || status == TransactionStatus::in_error) {
      spdlog::warn("storage: a connection came back inside a transaction; rolling it back");
      try {
        conn->exec("ROLLBACK");
      } catch (const std::exception&) {
        conn = std::nullopt;
      }
    } else if (status != TransactionStatus::idle || conn->in_pipeline()) {
      spdlog::warn("storage: a connection came back mid-command; closing it");
      conn = std::nullopt;  // reopened on next use
    }
  }
  {
    const std::lock_guard lock(mutex_);
    free_.push_back(slot);
  }
  freed_.notify_all();  // stop() may be waiting too, not just acquirers
}

bool Database::ping() {
  try {
    Lease lease = acquire(kPingLeaseWait);
    lease.connection().exec(kPingSql);
    return true;
  } catch (const std::exception& e) {
    spdlog::warn("storage: ping of {} failed: {}", redact_conninfo(conninfo_), e.what());
    return false;
  }
}

void Database::stop() {
  std::call_once(stop_once_, [this] {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    pool_.join();  // runs everything already queued
    std::unique_lock lock(mutex_);
    closed_ = true;
    freed_.notify_all();
    freed_.wait(lock, [this] { return free_.size() == slots_.size(); });  // run_sync leases still out
    for (auto& slot : slots_) slot = std::nullopt;
  });
}

}  // namespace frontdesk::storage
