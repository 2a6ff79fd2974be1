// SPDX-License-Identifier: Apache-2.0
#include "ingest/pipeline.hpp"

#include "attachments/file_name.hpp"
#include "attachments/file_type.hpp"
#include "core/clock.hpp"
#include "ingest/batch_commit.hpp"
#include "language/message_language.hpp"
#include "security/tokens.hpp"
#include "storage/database.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>

namespace frontdesk::ingest {

struct IngestPipeline::Item {
  InboundMessage message;
  Callback done;
  std::string token;
  std::chrono::steady_clock::time_point submitted = std::chrono::steady_clock::now();
};

IngestPipeline::IngestPipeline(storage::Database& db, const core::Clock& clock,
                               boost::asio::any_io_executor executor, PipelineOptions options)
    : db_(db), clock_(clock), executor_(std::move(executor)), options_(options),
      lanes_(std::max<std::size_t>(1, options.lanes)) {}

IngestPipeline::~IngestPipeline() { wait_idle(); }

void IngestPipeline::on_answered(LatencyHook hook) { latency_hook_ = std::move(hook); }

void IngestPipeline::submit(InboundMessage message, Callback done) {
  // Whichever channel brought a file, it is stored under a safe name with the type its bytes
  // show (a part without a name, such as an inline image, keeps none).
  for (auto& a : message.attachments) {
    if (!a.filename.empty()) a.filename = attachments::safe_file_name(a.filename);
    a.content_type = attachments::stored_type(a.data, a.content_type);
  }
  if (auto error = validate(message)) {
    spdlog::warn("ingest: rejected message {} from channel {}: {}", message.external_id,
                 message.channel, *error);
    IngestResult result;
    result.status = IngestStatus::rejected;
    result.error = std::move(*error);
    {
      std::lock_guard lock(mutex_);
      ++stats_.rejected;
    }
    boost::asio::post(executor_, [done = std::move(done), result = std::move(result)] {
      done(result);
    });
    return;
  }
  // On the caller's thread, before the lane's queue: the commit path does no more per message.
  message.language = language::message_language(message.customer_language, message.subject, message.body);
  Item item{std::move(message), std::move(done), {}};
  if (item.message.issue_customer_token()) item.token = security::generate_token("fdc_");

  const auto& m = item.message;
  const std::size_t lane =
      std::hash<std::string_view>{}(m.identity_value) ^ std::hash<std::string_view>{}(m.channel);
  std::lock_guard lock(mutex_);
  Lane& l = lanes_[lane % lanes_.size()];
  l.queue.push_back(std::move(item));
  start_batch_locked(l);
}

// Group commit without a timer: when the lane is not committing a batch starts at once
// (lowest latency when idle); while a commit runs, arrivals queue up and share the next one.
void IngestPipeline::start_batch_locked(Lane& lane) {
  if (lane.committing || lane.queue.empty()) return;
  auto batch = std::make_shared<Batch>();
  const std::size_t n = std::min(lane.queue.size(), options_.max_batch);
  batch->reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    batch->push_back(std::move(lane.queue.front()));
    lane.queue.pop_front();
  }
  lane.committing = true;
  ++stats_.batches;
  const auto now = clock_.now();
  db_.async_run(
      [batch, now](storage::Connection& connection) {
        std::vector<PreparedMessage> prepared;
        prepared.reserve(batch->size());
        for (const auto& item : *batch) prepared.push_back({&item.message, item.token});
        return commit_batch(connection, prepared, now);
      },
      boost::asio::bind_executor(
          executor_, [this, &lane, batch](std::exception_ptr error, std::vector<IngestResult> results) {
            if (error) {
              try {
                std::rethrow_exception(error);
              } catch (const std::exception& e) {
                spdlog::error("ingest: batch of {} failed: {}", batch->size(), e.what());
              }
              IngestResult failed;
              failed.error = "storage unavailable";
              results.assign(batch->size(), failed);
            }
            finish(lane, batch, std::move(results));
          }));
}

void IngestPipeline::finish(Lane& lane, const std::shared_ptr<Batch>& batch, std::vector<IngestResult> results) {
  PipelineStats delta;
  const auto answered = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < batch->size(); ++i) {
    const IngestResult& r = results[i];
    if (latency_hook_) latency_hook_(answered - (*batch)[i].submitted);
    switch (r.status) {
      case IngestStatus::created:
      case IngestStatus::appended:
        ++delta.committed;
        spdlog::debug("ingest: {} {} message {} on ticket {}", (*batch)[i].message.channel,
                      r.status == IngestStatus::created ? "created" : "appended", r.message_id,
                      r.ticket_number);
        break;
      case IngestStatus::duplicate: ++delta.duplicates; break;
      case IngestStatus::rejected:
        ++delta.rejected;
        spdlog::warn("ingest: rejected message {} from channel {}: {}",
                     (*batch)[i].message.external_id, (*batch)[i].message.channel, r.error);
        break;
      case IngestStatus::failed: ++delta.failed; break;
    }
    try {
      (*batch)[i].done(r);
    } catch (const std::exception& e) {
      spdlog::error("ingest: completion handler threw: {}", e.what());
    }
  }
  std::lock_guard lock(mutex_);
  stats_.committed += delta.committed;
  stats_.duplicates += delta.duplicates;
  stats_.rejected += delta.rejected;
  stats_.failed += delta.failed;
  lane.committing = false;
  start_batch_locked(lane);
  if (idle_locked()) idle_.notify_all();
}

bool IngestPipeline::idle_locked() const {
  return std::all_of(lanes_.begin(), lanes_.end(), [](const Lane& l) { return !l.committing && l.queue.empty(); });
}

void IngestPipeline::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return idle_locked(); });
}

PipelineStats IngestPipeline::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace frontdesk::ingest
