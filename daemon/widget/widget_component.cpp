// SPDX-License-Identifier: Apache-2.0
#include "widget/widget_component.hpp"

#include "config/config_error.hpp"
#include "config/livechat_settings.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "sla/policy_config.hpp"
#include "storage/database.hpp"
#include "web/asset_response.hpp"
#include "web/site.hpp"
#include "widget/availability.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <chrono>

namespace frontdesk::widget {

namespace {

// Sites link /widget.js by that name, so it cannot be kept for ever: a short lifetime, then
// a revalidation by ETag, keeps an update within minutes at a 304 per visitor.
constexpr std::string_view kLauncherCaching = "public, max-age=300";

http::Response launcher(const web::Site& site, const http::Request& request) {
  const auto* asset = site.assets().find_plain("widget.js");
  if (asset == nullptr)
    return http::Response::error(404, "not_found", "the widget was not built (web/widget)");
  auto response = web::asset_response(*asset, request, kLauncherCaching);
  // Pages that isolate themselves (Cross-Origin-Embedder-Policy) still load it.
  response.headers.emplace_back("Cross-Origin-Resource-Policy", "cross-origin");
  return response;
}

}  // namespace

WidgetComponent::WidgetComponent(app::Services& services) : Component(services) {}

WidgetComponent::~WidgetComponent() = default;

void WidgetComponent::check(app::CheckReport& /*report*/) {
  const auto settings = config::livechat_settings(services_.config);
  chat_enabled_ = settings.enabled;
  if (settings.calendar.empty()) return;
  calendar_ = sla::compile_policies(services_.config.sla)->calendar(settings.calendar);
  if (!calendar_) {
    throw config::ConfigError({services_.config.file +
                               ": channels.livechat.calendar: no calendar named '" +
                               settings.calendar + "' (sla.calendars, or the built-in 24x7)"});
  }
}

void WidgetComponent::start() {
  const web::Site* site = &services_.web();
  services_.router->add("GET", "/widget.js", [site](http::Request req, http::Responder responder) {
    responder.send(launcher(*site, req));
  });
  services_.router->add_coro(
      "GET", "/widget/availability",
      [this](http::Request) -> boost::asio::awaitable<http::Response> {
        bool free = false;
        if (chat_enabled_) {
          free = co_await services_.db().async_run(
              [](storage::Connection& c) { return agent_free(c); }, boost::asio::use_awaitable);
        }
        const auto now =
            std::chrono::time_point_cast<std::chrono::microseconds>(services_.clock.now());
        auto response = http::Response::json(
            200, availability_body(decide(chat_enabled_, calendar_.get(), now, free)));
        response.headers.emplace_back("Cache-Control", "no-store");
        co_return response;
      });
}

http::CrossOrigin widget_cross_origin(const config::Config& config) {
  return {config::livechat_settings(config).allowed_origins,
          {"/api/v1/support/kb/", "/api/v1/support/tickets", "/widget/"}};
}

}  // namespace frontdesk::widget
