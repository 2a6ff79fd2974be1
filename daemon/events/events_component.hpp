// SPDX-License-Identifier: Apache-2.0
#pragma once
// The event stream (SSE /events, WebSocket /stream) and outbound webhooks as a daemon
// component: the hub reading audit_events, its routes, the webhooks' API and dispatcher.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::webhooks {
class WebhookDispatcher;
struct WebhookApiContext;
}  // namespace frontdesk::webhooks

namespace frontdesk::events {

class EventHub;
struct StreamContext;

class EventsComponent final : public app::Component {
 public:
  explicit EventsComponent(app::Services& services);
  ~EventsComponent() override;

  [[nodiscard]] std::string_view name() const override { return "events"; }
  void start() override;
  void stop() override;

 private:
  std::unique_ptr<EventHub> hub_;
  std::unique_ptr<StreamContext> stream_context_;  // the routes hold them
  std::unique_ptr<webhooks::WebhookApiContext> webhook_context_;
  std::unique_ptr<webhooks::WebhookDispatcher> dispatcher_;
};

}  // namespace frontdesk::events
