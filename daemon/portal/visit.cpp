// SPDX-License-Identifier: Apache-2.0
#include "portal/visit.hpp"

namespace frontdesk::portal {

std::string Visit::text(std::string_view key) const { return ctx.site.messages().text(locale.locale, key); }

std::string Visit::csrf() const { return cookie.empty() ? std::string() : api::csrf_token(cookie); }

std::string Visit::lang_query() const { return locale.from_query ? "?lang=" + locale.locale : std::string(); }

http::Response portal_page(Visit& visit, unsigned status, std::string_view name, std::string_view title,
                           std::string_view path, web::Data data) {
  data.set("title", std::string(title) + " · " + visit.text("portal_name"));
  data.set("title_suffix", false);
  web::Data home = web::Data::type::object;
  home.set("href", "/portal/" + visit.lang_query());
  home.set("name", visit.text("portal_name"));
  data.set("home", home);
  data.set("languages", visit.ctx.site.language_links(visit.locale, path, ""));
  if (visit.customer) {
    data.set("signed_in", true);
    data.set("csrf", visit.csrf());
  }
  auto response = visit.ctx.site.page(status, name, visit.locale, std::move(data));
  // A customer's conversations are theirs alone: never kept by a shared cache or the back button's.
  for (auto& [header, value] : response.headers) {
    if (header == "Cache-Control") value = "no-store";
  }
  return response;
}

http::Response message_page(Visit& visit, unsigned status, std::string_view title_key, std::string_view text_key) {
  web::Data data = web::Data::type::object;
  data.set("heading", visit.text(title_key));
  data.set("text", visit.text(text_key));
  return portal_page(visit, status, "portal_message", visit.text(title_key), "/portal/", std::move(data));
}

http::Response see_other(const Visit& visit, std::string_view path, std::string_view query) {
  http::Response response;
  response.status = 303;
  std::string location(path);
  if (!query.empty()) {
    location += "?" + std::string(query) + (visit.locale.from_query ? "&lang=" + visit.locale.locale : "");
  } else {
    location += visit.lang_query();
  }
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace frontdesk::portal
