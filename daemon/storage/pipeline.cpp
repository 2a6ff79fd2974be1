// SPDX-License-Identifier: Apache-2.0
#include "storage/pipeline.hpp"

#include <libpq-fe.h>

#include <optional>
#include <stdexcept>
#include <utility>

namespace frontdesk::storage {

namespace {
constexpr std::size_t kMaxParams = 65535;  // the protocol's Int16 parameter count
}

const PgError& PipelineResult::error() const {
  if (ok()) throw std::logic_error("PipelineResult::error: the statement succeeded");
  return std::get<PgError>(outcome_);
}

Result& PipelineResult::value() {
  if (!ok()) throw std::get<PgError>(outcome_);
  return std::get<Result>(outcome_);
}

const Result& PipelineResult::value() const {
  if (!ok()) throw std::get<PgError>(outcome_);
  return std::get<Result>(outcome_);
}

std::size_t Pipeline::add(std::string_view sql_or_prepared_name, Params params, bool prepared) {
  if (params.size() > kMaxParams) {
    throw std::invalid_argument("pipeline statement has " + std::to_string(params.size()) +
                                " parameters; PostgreSQL accepts at most 65535");
  }
  entries_.push_back(Entry{std::string(sql_or_prepared_name), std::move(params), prepared});
  return entries_.size() - 1;
}

std::vector<PipelineResult> Pipeline::run() {
  std::vector<Entry> entries = std::exchange(entries_, {});
  if (entries.empty()) return {};
  if (!conn_.ok()) {
    throw PgError("pipeline: connection to " + conn_.description() + " is broken",
                  std::string(kSqlStateConnectionFailure));
  }
  if (conn_.in_pipeline()) throw std::logic_error("Pipeline::run: connection is already in pipeline mode");
  const bool started_idle = conn_.transaction_status() == TransactionStatus::idle;

  PGconn* c = conn_.native();
  if (PQenterPipelineMode(c) != 1) throw conn_.error_from(nullptr, "pipeline: entering pipeline mode");
  for (const Entry& e : entries) send(e);
  if (PQpipelineSync(c) != 1) fail_connection("sending the sync point");
  // Blocking mode: PQflush returns once all is written. While the socket is full it
  // also reads what the server sends, so a server blocked on writing results to us
  // cannot deadlock the send of a long pipeline.
  int flushed = 0;
  while ((flushed = PQflush(c)) == 1) {
  }
  if (flushed != 0) fail_connection("flushing");
  // libpq holds its own copy now: large parameters (an ingest batch) go before the wait.
  for (Entry& e : entries) e.params = Params{};

  std::vector<PipelineResult> results = collect(entries);
  if (PQexitPipelineMode(c) != 1) fail_connection("leaving pipeline mode");
  if (started_idle && conn_.transaction_status() == TransactionStatus::in_error) conn_.exec("ROLLBACK");
  return results;
}

void Pipeline::send(const Entry& entry) {
  PGconn* c = conn_.native();
  const std::vector<const char*> values = entry.params.pointers();
  const int n = static_cast<int>(values.size());
  const int sent = entry.prepared
                       ? PQsendQueryPrepared(c, entry.text.c_str(), n, values.data(), nullptr, nullptr, 0)
                       : PQsendQueryParams(c, entry.text.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0);
  if (sent != 1) fail_connection("sending a statement");
}

std::vector<PipelineResult> Pipeline::collect(const std::vector<Entry>& entries) {
  PGconn* c = conn_.native();
  std::vector<PipelineResult> results;
  results.reserve(entries.size());
  std::optional<std::size_t> first_failure;
  std::string first_message;

  for (std::size_t i = 0; i < entries.size(); ++i) {
    PGresult* res = PQgetResult(c);
    if (res == nullptr || PQstatus(c) == CONNECTION_BAD) {
      PQclear(res);
      fail_connection("reading results");
    }
    if (PQresultStatus(res) == PGRES_PIPELINE_ABORTED) {
      PQclear(res);
      std::string message = "not executed: pipeline statement #" + std::to_string(i + 1) + " was skipped because #" +
                            std::to_string(first_failure.value_or(i) + 1) + " failed first (" + first_message + ")";
      results.emplace_back(PgError(message, ""), true);
    } else {
      try {
        results.emplace_back(conn_.check(res));
      } catch (PgError& e) {
        if (!first_failure) {
          first_failure = i;
          first_message = e.what();
        }
        results.emplace_back(std::move(e), false);
      }
    }
    // Every statement's results end with a null; anything else means we lost track.
    if (PGresult* extra = PQgetResult(c)) {
      PQclear(extra);
      fail_connection("unexpected extra result");
    }
  }

  PGresult* sync = PQgetResult(c);
  const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced) fail_connection("waiting for the sync point");
  return results;
}

void Pipeline::fail_connection(std::string_view what) {
  PgError error = conn_.error_from(nullptr, "pipeline: " + std::string(what));
  // Out of step with the server: the only safe way back is a new session.
  conn_.mark_broken();
  if (error.sqlstate.empty()) error.sqlstate = kSqlStateConnectionFailure;
  throw error;
}

}  // namespace frontdesk::storage
