// SPDX-License-Identifier: Apache-2.0
#include "web/site.hpp"

#include "http/request.hpp"

#include <stdexcept>

namespace frontdesk::web {

Site::Site(const SiteOptions& options)
    : dir_(options.dir),
      negotiator_(options.offered, options.default_locale),
      catalogues_(options.dir / "i18n", options.offered),
      templates_(options.dir / "pages"),
      assets_(options.dir / "assets") {
  if (!templates_.contains("layout")) {
    throw std::runtime_error((options.dir / "pages" / "layout.mustache").string() + ": missing");
  }
  for (const auto& locale : options.offered) {
    Data messages = Data::type::object;
    for (const auto& [key, file] : templates_.message_keys()) {
      if (!catalogues_.has(locale, key)) {
        throw std::runtime_error("web/i18n/" + locale + ".po: no translation of '" + key +
                                 "' (shown by pages/" + file + ")");
      }
      messages.set(key, catalogues_.text(locale, key));
    }
    messages_by_locale_.emplace(locale, std::move(messages));
  }
  (void)assets_.url("site.css");  // every page links it: a build without it is refused here
  assets_data_ = Data::type::object;
  for (const auto& [name, url] : assets_.urls()) {
    std::string key = name;
    for (auto& c : key) {
      if (c == '.' || c == '-') c = '_';
    }
    assets_data_.set(key, url);
  }
}

PageLocale Site::locale_of(const http::Request& request) const {
  const auto lang = request.query_param("lang");
  const auto accept = request.header("Accept-Language");
  PageLocale out;
  out.locale = negotiator_.negotiate(lang ? std::optional<std::string_view>(*lang) : std::nullopt, accept);
  out.from_query = lang.has_value() && !lang->empty();
  return out;
}

std::string Site::html(std::string_view name, const PageLocale& locale, Data data, const Data* assets) const {
  data.set("t", messages_by_locale_.at(locale.locale));
  data.set("lang", locale.locale);
  data.set("lang_query", locale.from_query ? "?lang=" + locale.locale : std::string());
  data.set("lang_amp", locale.from_query ? "&lang=" + locale.locale : std::string());
  data.set("assets", assets != nullptr ? *assets : assets_data_);
  data.set("body", templates_.render(name, data));
  return templates_.render("layout", data);
}

http::Response Site::page(unsigned status, std::string_view name, const PageLocale& locale, Data data,
                          std::string_view content_language) const {
  auto response = http::Response::html(status, html(name, locale, std::move(data)));
  response.headers.emplace_back("Content-Language",
                                content_language.empty() ? locale.locale : std::string(content_language));
  response.headers.emplace_back("Vary", "Accept-Language");
  response.headers.emplace_back("Cache-Control", "no-cache");
  add_security_headers(response);
  return response;
}

Data Site::language_links(const PageLocale& locale, std::string_view path, std::string_view query) const {
  Data list = Data::type::list;
  for (const auto& code : negotiator_.offered()) {
    Data entry = Data::type::object;
    entry.set("code", code);
    entry.set("name", catalogues_.text(code, "language_name"));
    entry.set("href", std::string(path) + "?" + std::string(query) + (query.empty() ? "" : "&") + "lang=" + code);
    entry.set("current", code == locale.locale);
    list.push_back(entry);
  }
  return list;
}

std::string Site::summary() const {
  std::string locales;
  for (const auto& l : negotiator_.offered()) locales += (locales.empty() ? "" : ", ") + l;
  return dir_.string() + ": pages OK (" + locales + "; default " + negotiator_.default_locale() + ")";
}

void add_security_headers(http::Response& response) {
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; "
      "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "same-origin");
  response.headers.emplace_back("X-Frame-Options", "DENY");
}

}  // namespace frontdesk::web
