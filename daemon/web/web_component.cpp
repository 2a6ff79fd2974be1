// SPDX-License-Identifier: Apache-2.0
#include "web/web_component.hpp"

#include "config/config.hpp"
#include "http/router.hpp"
#include "web/asset_response.hpp"
#include "web/site.hpp"

namespace frontdesk::web {

namespace {

http::Response serve_asset(const Site& site, const http::Request& request) {
  const auto& name = request.params.at(0);
  const auto* asset = site.assets().find(name);
  // The hashed name changes with the content: kept a year. A plain name is asked again.
  if (asset != nullptr) return asset_response(*asset, request, "public, max-age=31536000, immutable");
  asset = site.assets().find_plain(name);
  if (asset == nullptr) return http::Response::text(404, "not found\n");
  return asset_response(*asset, request, "no-cache");
}

}  // namespace

WebComponent::WebComponent(app::Services& services) : Component(services) {}

WebComponent::~WebComponent() = default;

void WebComponent::check(app::CheckReport& report) {
  const auto& config = services_.config;
  site_ = std::make_unique<Site>(
      SiteOptions{config.web_dir, config.languages.offered, config.languages.default_locale});
  report.lines.push_back(site_->summary());
}

void WebComponent::start() {
  services_.site = site_.get();
  const Site* site = site_.get();
  services_.router->add("GET", "/assets/:name", [site](http::Request req, http::Responder responder) {
    responder.send(serve_asset(*site, req));
  });
}

}  // namespace frontdesk::web
