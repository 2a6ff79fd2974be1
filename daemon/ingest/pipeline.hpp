#pragma once
// The ingest pipeline: validated inbound messages are queued and committed in groups, so
// concurrent messages share one transaction (and one fsync) instead of paying one each.
// A caller is told the outcome only after its message is durable.
#include "ingest/inbound_message.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace frontdesk::core {
class Clock;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::ingest {

struct PipelineOptions {
  std::size_t max_batch = 256;    // messages per transaction
  std::size_t max_parallel = 2;   // transactions in flight at once
  // A second transaction starts beside a running one only for at least this many queued
  // messages; otherwise they wait for the running commit and share the next one.
  std::size_t min_parallel_batch = 32;
};

struct PipelineStats {
  std::uint64_t committed = 0;  // messages stored (created or appended)
  std::uint64_t duplicates = 0;
  std::uint64_t rejected = 0;
  std::uint64_t failed = 0;
  std::uint64_t batches = 0;
};

class IngestPipeline {
 public:
  using Callback = std::function<void(const IngestResult&)>;

  // Callbacks run on `executor`; database work runs on the Database's own threads.
  IngestPipeline(storage::Database& db, const core::Clock& clock,
                 boost::asio::any_io_executor executor, PipelineOptions options = {});
  ~IngestPipeline();
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Thread-safe. Invalid messages are rejected without touching the database.
  void submit(InboundMessage message, Callback done);

  // Blocks until every submitted message has been answered.
  void wait_idle();

  PipelineStats stats() const;

 private:
  struct Item;
  using Batch = std::vector<Item>;

  void start_batches_locked();
  void finish(const std::shared_ptr<Batch>& batch, std::vector<IngestResult> results);

  storage::Database& db_;
  const core::Clock& clock_;
  boost::asio::any_io_executor executor_;
  PipelineOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::deque<Item> queue_;
  std::size_t running_ = 0;
  PipelineStats stats_;
};

}  // namespace frontdesk::ingest
