// SPDX-License-Identifier: Apache-2.0
#pragma once
// Exposes the ingest pipeline's counters on /metrics.
#include "metrics/registry.hpp"

namespace frontdesk::ingest {
class IngestPipeline;
}

namespace frontdesk::metrics {

// frontdesk_ingest_messages_total{outcome} and frontdesk_ingest_batches_total, read from
// IngestPipeline::stats() at scrape time. `pipeline` must outlive the registry's scrapes.
void add_ingest_collector(Registry& registry, const ingest::IngestPipeline& pipeline);

// frontdesk_ingest_latency_seconds: each message's time from its submission to the pipeline
// to its commit being answered (queueing for a batch, the transaction and its fsync).
// Installs the pipeline's latency hook; call before the first submit.
void add_ingest_latency(Registry& registry, ingest::IngestPipeline& pipeline);

}  // namespace frontdesk::metrics
