#include "ingest/pipeline.hpp"

#include "core/clock.hpp"
#include "ingest/batch_commit.hpp"
#include "security/tokens.hpp"
#include "storage/database.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace frontdesk::ingest {

struct IngestPipeline::Item {
  InboundMessage message;
  Callback done;
  std::string token;
};

IngestPipeline::IngestPipeline(storage::Database& db, const core::Clock& clock,
                               boost::asio::any_io_executor executor, PipelineOptions options)
    : db_(db), clock_(clock), executor_(std::move(executor)), options_(options) {}

IngestPipeline::~IngestPipeline() { wait_idle(); }

void IngestPipeline::submit(InboundMessage message, Callback done) {
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
  Item item{std::move(message), std::move(done), {}};
  if (item.message.issue_customer_token) item.token = security::generate_token("fdc_");

  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(item));
  start_batches_locked();
}

// Group commit without a timer: when nothing is committing a batch starts at once (lowest
// latency when idle); while a commit runs, arrivals queue up and share the next one. A
// second commit overlaps only when the queue is long enough to be worth a transaction,
// or batches would fragment into single messages under steady load.
void IngestPipeline::start_batches_locked() {
  while (!queue_.empty() &&
         (running_ == 0 ||
          (running_ < options_.max_parallel && queue_.size() >= options_.min_parallel_batch))) {
    auto batch = std::make_shared<Batch>();
    const std::size_t n = std::min(queue_.size(), options_.max_batch);
    batch->reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      batch->push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    ++running_;
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
            executor_, [this, batch](std::exception_ptr error, std::vector<IngestResult> results) {
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
              finish(batch, std::move(results));
            }));
  }
}

void IngestPipeline::finish(const std::shared_ptr<Batch>& batch, std::vector<IngestResult> results) {
  PipelineStats delta;
  for (std::size_t i = 0; i < batch->size(); ++i) {
    const IngestResult& r = results[i];
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
  --running_;
  start_batches_locked();
  if (running_ == 0 && queue_.empty()) idle_.notify_all();
}

void IngestPipeline::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0 && queue_.empty(); });
}

PipelineStats IngestPipeline::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace frontdesk::ingest
