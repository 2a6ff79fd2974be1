// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "storage/connection.hpp"

namespace frontdesk::storage {

// The outcome of one statement of a pipeline: its Result, or the PgError it failed with.
// A statement queued after a failing one (up to the same sync point) never ran; it is
// reported as aborted() with an error naming the statement that failed first.
class PipelineResult {
public:
  explicit PipelineResult(Result result) : outcome_(std::move(result)) {}
  PipelineResult(PgError error, bool aborted) : outcome_(std::move(error)), aborted_(aborted) {}

  [[nodiscard]] bool ok() const noexcept { return std::holds_alternative<Result>(outcome_); }
  [[nodiscard]] bool aborted() const noexcept { return aborted_; }
  // The statement's error; throws std::logic_error if it succeeded.
  [[nodiscard]] const PgError& error() const;
  // The Result; throws the statement's PgError if it failed.
  [[nodiscard]] Result& value();
  [[nodiscard]] const Result& value() const;

private:
  std::variant<Result, PgError> outcome_;
  bool aborted_ = false;
};

// Sends many statements in one round trip (libpq pipeline mode) and reads all results.
// run() puts one sync point after the last statement, so the batch is one implicit
// transaction unless it contains its own BEGIN ... COMMIT; wrapping it that way is the
// intended use for group commit. Each entry is a single statement (extended protocol).
//
// After a failure inside an explicit BEGIN, the server leaves the session in an aborted
// transaction; if the connection was idle before run(), run() issues ROLLBACK so the
// connection is immediately usable again. Inside a caller's own open transaction it
// leaves the outcome to the caller. A lost connection makes run() throw PgError (08006):
// whether the batch committed is then unknown.
class Pipeline {
public:
  explicit Pipeline(Connection& conn) noexcept : conn_(conn) {}

  // Queues a statement; `prepared` means `sql_or_prepared_name` names a statement
  // prepared on this connection. Returns the index of its result in run()'s vector.
  std::size_t add(std::string_view sql_or_prepared_name, Params params = {}, bool prepared = false);
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

  // Runs and clears the queue; the pipeline can be filled again afterwards.
  std::vector<PipelineResult> run();

private:
  struct Entry {
    std::string text;
    Params params;
    bool prepared;
  };

  void send(const Entry& entry);
  std::vector<PipelineResult> collect(const std::vector<Entry>& entries);
  [[noreturn]] void fail_connection(std::string_view what);

  Connection& conn_;
  std::vector<Entry> entries_;
};

}  // namespace frontdesk::storage
