// SPDX-License-Identifier: Apache-2.0
#pragma once
// The ingest pipeline: validated inbound messages are queued and committed in groups, so
// concurrent messages share one transaction (and one fsync) instead of paying one each.
// A caller is told the outcome only after its message is durable.
#include "ingest/inbound_message.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace frontdesk::core {
class Clock;
}
namespace frontdesk::storage {
class Database;
}

namespace frontdesk::ingest {

struct PipelineOptions {
  std::size_t max_batch = 256;  // messages per transaction
  // Messages are spread over lanes by sender; each lane commits one batch at a time, so
  // lanes overlap their commits while a sender's messages (and the customer and ticket
  // rows they lock) never meet in two concurrent transactions.
  std::size_t lanes = 2;
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

  // Called on the executor with each message's time from submit() to its answer, for the
  // messages that went to the database (rejections by validate() are answered at once).
  // Set before the first submit().
  using LatencyHook = std::function<void(std::chrono::nanoseconds)>;
  void on_answered(LatencyHook hook);

 private:
  struct Item;
  using Batch = std::vector<Item>;

  struct Lane {
    std::deque<Item> queue;
    bool committing = false;
  };

  void start_batch_locked(Lane& lane);
  void finish(Lane& lane, const std::shared_ptr<Batch>& batch, std::vector<IngestResult> results);
  [[nodiscard]] bool idle_locked() const;

  storage::Database& db_;
  const core::Clock& clock_;
  boost::asio::any_io_executor executor_;
  PipelineOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::vector<Lane> lanes_;
  PipelineStats stats_;
  LatencyHook latency_hook_;
};

}  // namespace frontdesk::ingest
