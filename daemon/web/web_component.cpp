#include "web/web_component.hpp"

#include "config/config.hpp"
#include "http/router.hpp"
#include "web/site.hpp"

namespace frontdesk::web {

namespace {

http::Response asset_response(const Site& site, const http::Request& request) {
  const auto& name = request.params.at(0);
  const auto* asset = site.assets().find(name);
  // The hashed name changes with the content: kept a year. A plain name is asked again.
  const bool hashed = asset != nullptr;
  if (!hashed) asset = site.assets().find_plain(name);
  if (asset == nullptr) return http::Response::text(404, "not found\n");
  http::Response response;
  response.content_type = asset->content_type;
  const auto accepted = request.header("Accept-Encoding");
  if (!asset->gzip.empty() && accepted && accepted->find("gzip") != std::string_view::npos) {
    response.body = asset->gzip;
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.body = asset->body;
  }
  if (!asset->gzip.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
  response.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
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
    responder.send(asset_response(*site, req));
  });
}

}  // namespace frontdesk::web
