// SPDX-License-Identifier: Apache-2.0
#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace frontdesk::metrics {
namespace {

TEST(Registry, RendersCountersGaugesAndHistogramsInTextFormat) {
  Registry r;
  auto& requests = r.counter("http_requests_total", "Requests", {"route", "status"});
  requests.with({"/a", "200"}).inc(3);
  requests.with({"/a\"b", "500"}).inc();
  r.gauge("queue_depth", "Depth").with({}).set(2.5);
  auto& h = r.histogram("latency_seconds", "Latency", {"route"}, {0.01, 0.1});
  h.with({"/a"}).observe(0.005);
  h.with({"/a"}).observe(0.05);
  h.with({"/a"}).observe(3);
  r.add_collector([](std::string& out) {
    write_header(out, "db_rows", "Rows", "gauge");
    write_sample(out, "db_rows", {{"table", "t"}}, 7);
  });
  EXPECT_EQ(r.render(),
            "# HELP http_requests_total Requests\n# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"/a\",status=\"200\"} 3\n"
            "http_requests_total{route=\"/a\\\"b\",status=\"500\"} 1\n"
            "# HELP queue_depth Depth\n# TYPE queue_depth gauge\nqueue_depth 2.5\n"
            "# HELP latency_seconds Latency\n# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.01\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"
            "latency_seconds_sum{route=\"/a\"} 3.055\n"
            "latency_seconds_count{route=\"/a\"} 3\n"
            "# HELP db_rows Rows\n# TYPE db_rows gauge\ndb_rows{table=\"t\"} 7\n");
}

TEST(Registry, WrongLabelCountAndUnsortedBucketsAreRefused) {
  Registry r;
  auto& c = r.counter("c", "C", {"a"});
  EXPECT_THROW(c.with({}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "H", {}, {1, 0.5}), std::invalid_argument);
}

TEST(Registry, ConcurrentUpdatesAreNotLost) {
  Registry r;
  auto& c = r.counter("c", "C", {"k"});
  auto& h = r.histogram("h", "H", {}, latency_buckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        c.with({std::to_string(i % 3)}).inc();
        h.with({}).observe(0.001 * t);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::uint64_t total = 0;
  c.for_each([&](const std::vector<std::string>&, const Counter& x) { total += x.value(); });
  EXPECT_EQ(total, 40000U);
  EXPECT_EQ(h.with({}).snapshot().count, 40000U);
}

}  // namespace
}  // namespace frontdesk::metrics
