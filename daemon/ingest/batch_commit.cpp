#include "ingest/batch_commit.hpp"

#include "security/tokens.hpp"
#include "storage/connection.hpp"
#include "storage/pg_error.hpp"
#include "storage/pipeline.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

namespace frontdesk::ingest {

namespace {

constexpr std::string_view kIngestSql =
    "SELECT status, ticket_id, ticket_number, message_id, ticket_status FROM fd_ingest("
    "$1, $2, $3, $4, $5, $6, $7, ARRAY(SELECT jsonb_array_elements_text($8::jsonb)), $9, $10,"
    " $11, $12, $13, $14::jsonb, $15::jsonb, $16::boolean, $17::bytea,"
    " timestamptz 'epoch' + $18::bigint * interval '1 microsecond')";

constexpr std::string_view kIngestStatement = "frontdesk_ingest";
constexpr int kMaxAttempts = 3;

std::string attachments_json(const InboundMessage& m) {
  boost::json::array out;
  out.reserve(m.attachments.size());
  for (const auto& a : m.attachments) {
    out.push_back(boost::json::object{{"filename", a.filename},
                                      {"contentType", a.content_type},
                                      {"contentId", a.content_id},
                                      {"data", security::base64_encode(a.data)}});
  }
  return boost::json::serialize(out);
}

std::string thread_keys_json(const InboundMessage& m) {
  boost::json::array keys;
  for (const auto& k : m.thread_keys) keys.emplace_back(k);
  return boost::json::serialize(keys);
}

storage::Params ingest_params(const PreparedMessage& p, std::int64_t now_us) {
  const InboundMessage& m = *p.message;
  storage::Params params;
  params.add(m.channel);
  params.add(m.external_id);
  params.add(m.identity_kind);
  params.add(m.identity_value);
  params.add(m.customer_name);
  params.add(m.customer_language);
  params.add(m.ticket_ref);
  params.add(thread_keys_json(m));
  params.add(m.own_thread_key);
  params.add(m.subject);
  params.add(m.body);
  params.add(m.category);
  params.add(m.priority);
  params.add(m.metadata_json.empty() ? std::string("{}") : m.metadata_json);
  params.add(m.attachments.empty() ? std::string("[]") : attachments_json(m));
  params.add(m.new_ticket);
  if (p.token.empty()) {
    params.add(std::nullopt);
  } else {
    params.add(security::to_bytea_hex(security::token_digest(p.token)));
  }
  params.add(now_us);
  return params;
}

IngestResult to_result(const storage::Result& row, const PreparedMessage& p) {
  IngestResult r;
  const auto status = row.text(0, 0);
  r.status = status == "created"    ? IngestStatus::created
             : status == "appended" ? IngestStatus::appended
                                    : IngestStatus::duplicate;
  r.ticket_id = row.get_optional<std::int64_t>(0, 1).value_or(0);
  r.ticket_number = row.get_optional<std::string>(0, 2).value_or("");
  r.message_id = row.get<std::int64_t>(0, 3);
  r.ticket_status = row.get_optional<std::string>(0, 4).value_or("");
  if (r.status == IngestStatus::created) r.customer_token = p.token;
  return r;
}

// Errors in the message itself (bad data, violated constraints, raised by fd_ingest) are
// the sender's; anything else means storage is unavailable and a retry may succeed.
bool is_data_error(const storage::PgError& e) {
  const std::string_view cls = std::string_view(e.sqlstate).substr(0, 2);
  return cls == "22" || cls == "23" || cls == "P0";
}

// Runs BEGIN, the messages, COMMIT in one round trip: the results, or the first error.
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

PipelineOutcome run_transaction(storage::Connection& c, const std::vector<PreparedMessage>& batch,
                                std::int64_t now_us) {
  c.prepare(kIngestStatement, kIngestSql);  // once per connection; a no-op afterwards
  const auto order = lock_order(batch);
  storage::Pipeline pipeline(c);
  pipeline.add("BEGIN", {}, false);
  for (const std::size_t i : order) pipeline.add(kIngestStatement, ingest_params(batch[i], now_us), true);
  pipeline.add("COMMIT", {}, false);
  auto outcomes = pipeline.run();

  PipelineOutcome out;
  out.results.resize(batch.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].ok()) {
      out.error = outcomes[i].error();  // the pipeline has rolled the transaction back
      out.results.clear();
      return out;
    }
    if (i == 0 || i + 1 == outcomes.size()) continue;
    const std::size_t original = order[i - 1];
    out.results[original] = to_result(outcomes[i].value(), batch[original]);
  }
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
