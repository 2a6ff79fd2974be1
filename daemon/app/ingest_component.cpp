// SPDX-License-Identifier: Apache-2.0
#include "app/ingest_component.hpp"

#include "ingest/pipeline.hpp"
#include "metrics/ingest_metrics.hpp"

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <thread>

namespace frontdesk::app {

IngestComponent::IngestComponent(Services& services) : Component(services) {}

IngestComponent::~IngestComponent() {
  services_.pipeline = nullptr;
  pipeline_.reset();
}

void IngestComponent::start() {
  // A lane commits one group at a time, and a group costs PostgreSQL much the same whether it
  // holds 15 messages or 30: on 2 cores one lane (half the cores) took a fifth less CPU per
  // message than two under the webhook bench, and left the other core to HTTP and the rules.
  const std::size_t lanes = std::max(1U, std::thread::hardware_concurrency() / 2);
  pipeline_ = std::make_unique<ingest::IngestPipeline>(services_.db(), services_.clock, services_.io.get_executor(),
                                                       ingest::PipelineOptions{.lanes = lanes});
  metrics::add_ingest_collector(services_.metrics, *pipeline_);
  metrics::add_ingest_latency(services_.metrics, *pipeline_);
  services_.pipeline = pipeline_.get();
}

void IngestDrainComponent::stop() { services_.ingest().wait_idle(); }

}  // namespace frontdesk::app
