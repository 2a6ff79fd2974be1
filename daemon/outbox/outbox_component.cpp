// SPDX-License-Identifier: Apache-2.0
#include "outbox/outbox_component.hpp"

#include "config/config.hpp"
#include "outbox/outbox_worker.hpp"
#include "plugin_host/plugin_host.hpp"

namespace frontdesk::outbox {

OutboxComponent::OutboxComponent(app::Services& services) : Component(services) {}

OutboxComponent::~OutboxComponent() = default;

void OutboxComponent::start() {
  const auto& c = services_.config.outbox;
  OutboxOptions options;
  options.workers = c.workers;
  options.batch_size = c.batch_size;
  options.max_attempts = c.max_attempts;
  options.webhook_max_attempts = services_.config.webhooks.max_attempts;
  options.backoff_base = c.backoff_base;
  options.backoff_max = c.backoff_max;
  options.lease = c.lease;
  options.poll_interval = c.poll_interval;
  options.worker_id = services_.node_name;
  options.webhook.guard = webhook_guard(services_.config.webhooks);
  auto& plugins = services_.channels();
  options.channels = plugins.channel_names();
  auto deliver = [&plugins](const std::string& channel, const plugin_host::Outbound& m,
                            std::function<void(const plugin_host::DeliveryResult&)> done) {
    plugins.deliver(channel, m, std::move(done));
  };
  worker_ = std::make_unique<OutboxWorker>(services_.db(), services_.clock, options, std::move(deliver));
  worker_->start();
}

// Deliveries in flight may need the event loop (plugins using the io_context): the outbox
// stops before the loop does.
void OutboxComponent::stop() { worker_->stop(); }

}  // namespace frontdesk::outbox
