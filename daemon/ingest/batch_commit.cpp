// SPDX-License-Identifier: Apache-2.0
#include "ingest/batch_commit.hpp"

#include "ingest/message_json.hpp"

#include "storage/connection.hpp"
#include "storage/pg_error.hpp"
#include "storage/pipeline.hpp"
#include "tickets/customer_request.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

namespace frontdesk::ingest {

namespace {

// One call stores the whole group (migration 0017_ingest_batch.sql).
constexpr std::string_view kIngestSql =
    "SELECT idx, status, ticket_id, ticket_number, message_id, ticket_status, conversation_seq FROM fd_ingest_batch("
    "$1::jsonb, timestamptz 'epoch' + $2::bigint * interval '1 microsecond')";

constexpr std::string_view kIngestStatement = "frontdesk_ingest_batch";
constexpr int kMaxAttempts = 3;
// A batch whose JSON is larger than this is followed by a fresh connection (see below).
constexpr std::size_t kLargeBatchBytes = std::size_t{4} * 1024 * 1024;

IngestResult to_result(const storage::Result& rows, int row, const PreparedMessage& p) {
  IngestResult r;
  const auto status = rows.text(row, 1);
  r.status = status == "created"    ? IngestStatus::created
             : status == "appended" ? IngestStatus::appended
                                    : IngestStatus::duplicate;
  r.ticket_id = rows.get_optional<std::int64_t>(row, 2).value_or(0);
  r.ticket_number = rows.get_optional<std::string>(row, 3).value_or("");
  r.message_id = rows.get<std::int64_t>(row, 4);
  r.ticket_status = rows.get_optional<std::string>(row, 5).value_or("");
  r.conversation_seq = rows.get_optional<std::int64_t>(row, 6).value_or(0);
  if (r.status == IngestStatus::created) r.customer_token = p.token;
  return r;
}

// Errors in the message itself (bad data, violated constraints, raised by fd_ingest_batch) are
// the sender's; anything else means storage is unavailable and a retry may succeed.
bool is_data_error(const storage::PgError& e) {
  const std::string_view cls = std::string_view(e.sqlstate).substr(0, 2);
  return cls == "22" || cls == "23" || cls == "P0";
}

struct PipelineOutcome {
  std::vector<IngestResult> results;
  std::optional<storage::PgError> error;
};

// Concurrent batches lock customers and tickets as they go; running every batch in the
// order of its senders makes two batches take shared rows in the same order, so they wait
// for each other instead of deadlocking.
std::vector<std::size_t> lock_order(const std::vector<PreparedMessage>& batch) {
  std::vector<std::size_t> order(batch.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::size_t i) {
    const InboundMessage& m = *batch[i].message;
    return std::tie(m.channel, m.identity_kind, m.identity_value);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

// The results of fd_ingest_batch's rows, in the batch's own order.
std::vector<IngestResult> read_results(const storage::Result& rows, const std::vector<PreparedMessage>& batch,
                                       const std::vector<std::size_t>& order) {
  std::vector<IngestResult> results(batch.size());
  for (int row = 0; row < rows.rows(); ++row) {
    const auto position = rows.get<std::int32_t>(row, 0);
    if (position < 1 || static_cast<std::size_t>(position) > order.size()) continue;
    const std::size_t original = order[static_cast<std::size_t>(position) - 1];
    results[original] = to_result(rows, row, batch[original]);
  }
  return results;
}

bool carries_requests(const std::vector<PreparedMessage>& batch) {
  return std::any_of(batch.begin(), batch.end(),
                     [](const PreparedMessage& p) { return tickets::may_carry_request(p.message->metadata_json); });
}

// What the customers asked for in the stored messages (commands, survey digits, STOP), done
// in the same transaction, in the order the messages were stored. Duplicates were stored
// before and acted on then.
void act_on_requests(storage::Connection& c, const std::vector<PreparedMessage>& batch,
                     const std::vector<std::size_t>& order, const std::vector<IngestResult>& results) {
  for (const std::size_t i : order) {
    const InboundMessage& m = *batch[i].message;
    const IngestResult& r = results[i];
    if (r.status != IngestStatus::created && r.status != IngestStatus::appended) continue;
    if (!tickets::may_carry_request(m.metadata_json)) continue;
    boost::system::error_code ec;
    auto metadata = boost::json::parse(m.metadata_json, ec);
    if (ec || !metadata.is_object()) continue;
    tickets::act_on(c, tickets::CustomerRequest{r.ticket_id, r.message_id, m.channel, std::move(metadata.as_object())});
  }
}

// The batch's JSON text in a buffer of its exact size: a first pass counts the bytes, the
// second writes them, so a batch carrying megabytes of attachments is not copied while a
// growing string doubles.
std::string serialize_exact(const boost::json::value& document) {
  char scratch[65536];
  std::size_t size = 0;
  boost::json::serializer counter;
  counter.reset(&document);
  while (!counter.done()) size += counter.read(scratch, sizeof scratch).size();
  std::string out(size, '\0');
  boost::json::serializer writer;
  writer.reset(&document);
  std::size_t at = 0;
  while (!writer.done() && at < size) at += writer.read(out.data() + at, size - at).size();
  return out;
}

// BEGIN, fd_ingest_batch over the group, COMMIT in one round trip: the results, or the first
// error. A group in which a customer asks for something keeps its transaction open for that
// (a few more round trips, on the rare messages that need them).
PipelineOutcome run_transaction(storage::Connection& c, const std::vector<PreparedMessage>& batch,
                                std::int64_t now_us) {
  c.prepare(kIngestStatement, kIngestSql);  // once per connection; a no-op afterwards
  const auto order = lock_order(batch);
  std::string text;
  {
    boost::json::value messages(boost::json::array_kind);
    auto& items = messages.get_array();
    items.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      const PreparedMessage& p = batch[order[i]];
      items.push_back(message_json(*p.message, i + 1, p.token));
    }
    text = serialize_exact(messages);
  }  // the tree goes before libpq makes its copy
  const bool large = text.size() > kLargeBatchBytes;
  storage::Params params;
  params.add(std::move(text)).add(now_us);
  storage::Pipeline pipeline(c);
  PipelineOutcome out;

  if (carries_requests(batch)) {
    storage::Transaction tx(c);
    pipeline.add(kIngestStatement, std::move(params), true);
    auto outcomes = pipeline.run();
    if (!outcomes[0].ok()) {
      out.error = outcomes[0].error();  // tx rolls back
      return out;
    }
    out.results = read_results(outcomes[0].value(), batch, order);
    act_on_requests(c, batch, order, out.results);
    tx.commit();
    return out;
  }

  pipeline.add("BEGIN", {}, false);
  pipeline.add(kIngestStatement, std::move(params), true);
  pipeline.add("COMMIT", {}, false);
  auto outcomes = pipeline.run();
  // libpq keeps its send buffer at the largest size it ever needed, for the life of the
  // connection: after a large batch a fresh session gives that memory back.
  if (large && c.ok() && c.transaction_status() == storage::TransactionStatus::idle) {
    try {
      c.reset();
    } catch (const storage::PgError& e) {
      spdlog::warn("ingest: reconnecting after a large batch failed: {}", e.what());
    }
  }
  for (const auto& o : outcomes) {
    if (!o.ok()) {
      out.error = o.error();  // the pipeline has rolled the transaction back
      return out;
    }
  }
  out.results = read_results(outcomes[1].value(), batch, order);
  return out;
}

IngestResult failure(IngestStatus status, std::string error) {
  IngestResult r;
  r.status = status;
  r.error = std::move(error);
  return r;
}

}  // namespace

std::vector<IngestResult> commit_batch(storage::Connection& connection,
                                       const std::vector<PreparedMessage>& batch,
                                       std::chrono::system_clock::time_point now) {
  const std::int64_t now_us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();

  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    try {
      auto outcome = run_transaction(connection, batch, now_us);
      if (!outcome.error) return std::move(outcome.results);
      if (outcome.error->is_transient() && attempt < kMaxAttempts) continue;
      if (batch.size() == 1) {
        const auto& e = *outcome.error;
        return {failure(is_data_error(e) ? IngestStatus::rejected : IngestStatus::failed,
                        e.what())};
      }
      break;  // isolate the message that failed the group
    } catch (const storage::PgError& e) {
      spdlog::warn("ingest: batch of {} failed on attempt {}: {}", batch.size(), attempt,
                   e.what());
      if (!connection.ok()) connection.reset();
      if (attempt == kMaxAttempts) {
        return std::vector<IngestResult>(batch.size(),
                                         failure(IngestStatus::failed, "storage unavailable"));
      }
    }
  }

  std::vector<IngestResult> results;
  results.reserve(batch.size());
  for (const auto& p : batch) {
    auto one = commit_batch(connection, {p}, now);
    results.push_back(std::move(one.front()));
  }
  return results;
}

}  // namespace frontdesk::ingest
