// SPDX-License-Identifier: Apache-2.0
#include "console/console_routes.hpp"

#include "http/router.hpp"
#include "web/site.hpp"

#include <array>
#include <string>

namespace frontdesk::console {

namespace {

// The paths the console's router knows (web/console/router.ts); others are 404 here too.
constexpr std::array kPaths{"/console", "/console/", "/console/inbox/:view", "/console/tickets/:id",
                            "/console/dashboard"};

// Text for an HTML attribute or element: the catalogues are ours, but escape anyway.
std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

http::Response shell(const web::Site& site, const http::Request& request) {
  const auto locale = site.locale_of(request).locale;
  const auto& assets = site.assets();
  std::string catalogues;
  for (const auto& code : site.locales().offered()) {
    catalogues += " data-i18n-" + code + "=\"" + escaped(assets.url("console-" + code + ".json")) + "\"";
  }
  const auto& t = site.messages();
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + escaped(locale) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                     escaped(t.text(locale, "console_title")) + "</title>\n<link rel=\"stylesheet\" href=\"" +
                     escaped(assets.url("console.css")) + "\">\n<link rel=\"icon\" href=\"" +
                     escaped(assets.url("favicon.svg")) + "\" type=\"image/svg+xml\">\n<script src=\"" +
                     escaped(assets.url("console.js")) + "\" defer></script>\n</head>\n<body data-lang=\"" +
                     escaped(locale) + "\"" + catalogues + ">\n<div id=\"app\"></div>\n<noscript><p>" +
                     escaped(t.text(locale, "console_needs_javascript")) + "</p></noscript>\n</body>\n</html>\n";
  auto response = http::Response::html(200, std::move(html));
  web::add_security_headers(response);
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("Content-Language", locale);
  response.headers.emplace_back("Vary", "Accept-Language");
  return response;
}

}  // namespace

void register_console_routes(http::Router& router, const web::Site& site) {
  for (const auto* path : kPaths) {
    router.add("GET", path, [&site](http::Request req, http::Responder responder) {
      responder.send(shell(site, req));
    });
  }
}

}  // namespace frontdesk::console
