// SPDX-License-Identifier: Apache-2.0
#include "app/http_component.hpp"

#include "app/event_loop_component.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "metrics/http_metrics.hpp"
#include "plugin_host/plugin_host.hpp"
#include "widget/widget_component.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <future>

namespace frontdesk::app {

HttpComponent::HttpComponent(Services& services) : Component(services) {}

HttpComponent::~HttpComponent() = default;

void HttpComponent::start() {
  const auto& config = services_.config;
  http::ServerOptions options;
  options.host = config.listen.host;
  options.port = config.listen.port;
  options.body_limit = config.http.body_limit;
  options.header_timeout = config.http.header_timeout;
  options.idle_timeout = config.http.idle_timeout;
  options.request_timeout = config.http.request_timeout;
  options.trusted_proxies = http::TrustedProxies(config.http.trusted_proxies);
  options.cross_origin = widget::widget_cross_origin(config);
  server_ = std::make_unique<http::Server>(services_.io, services_.router, options);
  server_->on_response(metrics::http_response_hook(services_.metrics));
  server_->start();
  spdlog::info("frontdeskd listening on http://{}:{} (channels: {})", config.listen.host, server_->local_port(),
               fmt::join(services_.channels().channel_names(), ", "));
}

void HttpComponent::stop() {
  std::promise<void> drained;
  run_on_loop(services_.io, [this, &drained] {
    server_->stop_accepting();
    server_->drain([&drained] { drained.set_value(); });
  });
  drained.get_future().wait();
}

}  // namespace frontdesk::app
