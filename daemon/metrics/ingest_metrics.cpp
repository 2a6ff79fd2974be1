// SPDX-License-Identifier: Apache-2.0
#include "metrics/ingest_metrics.hpp"

#include "ingest/pipeline.hpp"

namespace frontdesk::metrics {

void add_ingest_collector(Registry& registry, const ingest::IngestPipeline& pipeline) {
  registry.add_collector([&pipeline](std::string& out) {
    const auto s = pipeline.stats();
    write_header(out, "frontdesk_ingest_messages_total", "Inbound messages by outcome",
                 "counter");
    const std::pair<const char*, std::uint64_t> outcomes[] = {{"committed", s.committed},
                                                              {"duplicate", s.duplicates},
                                                              {"rejected", s.rejected},
                                                              {"failed", s.failed}};
    for (const auto& [outcome, n] : outcomes) {
      write_sample(out, "frontdesk_ingest_messages_total", {{"outcome", outcome}},
                   static_cast<double>(n));
    }
    write_header(out, "frontdesk_ingest_batches_total", "Ingest transactions committed",
                 "counter");
    write_sample(out, "frontdesk_ingest_batches_total", {}, static_cast<double>(s.batches));
  });
}

void add_ingest_latency(Registry& registry, ingest::IngestPipeline& pipeline) {
  auto& latency = registry
                      .histogram("frontdesk_ingest_latency_seconds",
                                 "Time from a message's submission to ingest to its committed answer", {},
                                 latency_buckets())
                      .with({});
  pipeline.on_answered([&latency](std::chrono::nanoseconds elapsed) {
    latency.observe(std::chrono::duration<double>(elapsed).count());
  });
}

}  // namespace frontdesk::metrics
