// SPDX-License-Identifier: Apache-2.0
#include "events/events_component.hpp"

#include "config/config.hpp"
#include "events/event_hub.hpp"
#include "events/event_routes.hpp"
#include "outbox/webhook_sender.hpp"
#include "webhooks/webhook_api.hpp"
#include "webhooks/webhook_context.hpp"
#include "webhooks/webhook_dispatcher.hpp"

namespace frontdesk::events {

EventsComponent::EventsComponent(app::Services& services) : Component(services) {}

EventsComponent::~EventsComponent() = default;

void EventsComponent::start() {
  const auto& c = services_.config.events;
  HubOptions options;
  options.heartbeat = c.heartbeat;
  options.max_connections_per_token = c.max_connections_per_token;
  hub_ = std::make_unique<EventHub>(services_.db(), options);
  dispatcher_ = std::make_unique<webhooks::WebhookDispatcher>(services_.db());
  hub_->on_advance([d = dispatcher_.get()](std::int64_t position) { d->advanced(position); });
  hub_->start();
  dispatcher_->advanced(hub_->position());
  dispatcher_->start();

  stream_context_ = std::make_unique<StreamContext>(StreamContext{
      services_.db(), *hub_, services_.presence_signals(), services_.config.bootstrap_admin_token,
      static_cast<std::size_t>(c.max_queued_bytes), c.heartbeat});
  register_stream_routes(*services_.router, *stream_context_);
  webhook_context_ = std::make_unique<webhooks::WebhookApiContext>(
      webhooks::WebhookApiContext{services_.db(), services_.config.bootstrap_admin_token,
                                  outbox::webhook_guard(services_.config.webhooks)});
  webhooks::register_webhook_routes(*services_.router, *webhook_context_);
}

// After the HTTP port has drained (it stops first): no client is left to feed.
void EventsComponent::stop() {
  if (dispatcher_) dispatcher_->stop();
  if (hub_) hub_->stop();
}

}  // namespace frontdesk::events
