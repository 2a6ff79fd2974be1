// SPDX-License-Identifier: Apache-2.0
// Ingest throughput: N messages from M distinct customers pushed through the pipeline with
// a bounded number in flight (like concurrent webhook requests), timed from first submit
// to last commit. Prints messages/s and acknowledgement latency percentiles.
//
// A warm-up from other senders runs first and the tables are analyzed, as autovacuum does
// within a minute on a running system: a fresh database's statistics say its tables are
// empty, and plans made from them would be what is measured.
#include "core/clock.hpp"
#include "ingest/pipeline.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

namespace po = boost::program_options;
using namespace frontdesk;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  po::options_description options("ingest_bench options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "conninfo of an empty database")
      ("messages", po::value<int>()->default_value(50000), "messages to ingest")
      ("customers", po::value<int>()->default_value(5000), "distinct senders")
      ("in-flight", po::value<int>()->default_value(256), "concurrent unacknowledged messages")
      ("pool", po::value<int>()->default_value(4), "database connections")
      ("warmup", po::value<int>()->default_value(5000), "messages from other senders first, not timed")
      ("help", "print these options");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, options), vm);
  if (vm.count("help") != 0) {
    std::cout << options << "\n";
    return 0;
  }
  po::notify(vm);
  const int total = vm["messages"].as<int>();
  const int customers = vm["customers"].as<int>();
  const int max_in_flight = vm["in-flight"].as<int>();

  storage::Database db(vm["db"].as<std::string>(), static_cast<std::size_t>(vm["pool"].as<int>()));
  db.run_sync([](storage::Connection& c) { storage::migrate(c, storage::builtin_migrations()); });
  const std::string run = std::to_string(Clock::now().time_since_epoch().count());

  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });
  core::SystemClock clock;
  ingest::IngestPipeline pipeline(db, clock, io.get_executor());

  std::mutex mutex;
  std::condition_variable slot;
  int in_flight = 0;
  std::vector<double> latencies_ms(static_cast<std::size_t>(total));
  std::atomic<int> failures{0};

  // Sends `count` messages from senders `prefix` + (i mod customers), recording latencies
  // when `record`, and waits until every one is committed.
  auto send = [&](const std::string& prefix, int count, bool record) {
    for (int i = 0; i < count; ++i) {
      {
        std::unique_lock lock(mutex);
        slot.wait(lock, [&] { return in_flight < max_in_flight; });
        ++in_flight;
      }
      ingest::InboundMessage m;
      m.channel = "bench";
      m.external_id = run + prefix + "-" + std::to_string(i);
      m.identity_kind = "phone";
      m.identity_value = prefix + std::to_string(1000000 + i % customers);
      m.customer_name = "Customer " + std::to_string(i % customers);
      m.own_thread_key = m.identity_value;
      m.thread_keys = {m.identity_value};
      m.body = "Hello, my order has not arrived yet. Order number " + std::to_string(i);
      const auto submitted = Clock::now();
      pipeline.submit(std::move(m), [&, i, record, submitted](const ingest::IngestResult& r) {
        if (r.status == ingest::IngestStatus::failed || r.status == ingest::IngestStatus::rejected) {
          ++failures;
        }
        if (record) {
          latencies_ms[static_cast<std::size_t>(i)] =
              std::chrono::duration<double, std::milli>(Clock::now() - submitted).count();
        }
        std::lock_guard lock(mutex);
        --in_flight;
        slot.notify_one();
      });
    }
    pipeline.wait_idle();
  };

  send("+1666", vm["warmup"].as<int>(), false);
  db.run_sync([](storage::Connection& c) { c.exec("ANALYZE"); });
  const auto batches_before = pipeline.stats().batches;
  const auto start = Clock::now();
  send("+1555", total, true);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  work.reset();
  io_thread.join();
  db.stop();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) { return latencies_ms[static_cast<std::size_t>(p * (total - 1))]; };
  const auto batches = pipeline.stats().batches - batches_before;
  std::printf("messages=%d in_flight=%d seconds=%.3f rate=%.0f/s batches=%llu avg_batch=%.1f "
              "p50=%.2fms p99=%.2fms failures=%d\n",
              total, max_in_flight, seconds, total / seconds,
              static_cast<unsigned long long>(batches),
              static_cast<double>(total) / static_cast<double>(std::max<std::uint64_t>(1, batches)),
              pct(0.50), pct(0.99), failures.load());
  return failures.load() == 0 ? 0 : 1;
}
