// SPDX-License-Identifier: Apache-2.0
#include "kb/help_center.hpp"

#include "api/endpoint.hpp"
#include "core/locale.hpp"
#include "http/router.hpp"
#include "kb/article_store.hpp"
#include "kb/endpoints.hpp"
#include "kb/routes.hpp"
#include "kb/text.hpp"
#include "kb/visitor.hpp"
#include "security/tokens.hpp"
#include "status/incident_banner.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "web/site.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <array>

namespace frontdesk::kb {

namespace {

namespace json = boost::json;
using web::Data;
using web::PageLocale;
using web::Site;

constexpr int kPopular = 6;
constexpr int kPerCategory = 5;
constexpr int kResults = 20;

const api::Principal kPublic{};  // a customer with no id: the public

std::string encode(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string str(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : ""; }

// The public API operation `fn` as this request's visitor would call it.
api::Answer call_api(storage::Connection& db, const http::Request& original, api::Answer (*fn)(api::Call&),
                     bool writes, std::vector<std::string> params, std::string query, std::string body = {}) {
  http::Request request = original;
  request.params = std::move(params);
  request.query = std::move(query);
  request.body = std::move(body);
  const api::Endpoint endpoint{request.method, "", api::kAnyone, writes, fn};
  return api::answer_as(db, kPublic, endpoint, request);
}

// The translation of `translations` ([{locale, ...}]) the fallback chain of `wanted` picks,
// else the first one: nullptr when there is none.
const json::object* pick(const json::array& translations, const std::string& wanted,
                         const std::string& default_locale, std::string_view source = {}) {
  auto chain = core::fallback_chain({wanted}, default_locale);
  if (!source.empty()) chain.emplace_back(source);
  for (const auto& locale : chain) {
    for (const auto& t : translations) {
      if (t.as_object().at("locale").as_string() == locale) return &t.as_object();
    }
  }
  return translations.empty() ? nullptr : &translations.front().as_object();
}

std::string article_href(std::string_view slug, const PageLocale& locale) {
  return "/help/articles/" + std::string(slug) + (locale.from_query ? "?lang=" + locale.locale : "");
}

// Articles' links by id, titled in the page's locale.
Data article_links(storage::Connection& db, const Site& site, const PageLocale& locale,
                   const std::vector<std::int64_t>& ids) {
  Data list = Data::type::list;
  for (const auto id : ids) {
    const auto article = article_json(db, id);
    if (!article) continue;
    const auto* t = pick(article->at("translations").as_array(), locale.locale,
                         site.locales().default_locale(), str(article->at("sourceLocale")));
    if (t == nullptr) continue;
    Data link = Data::type::object;
    link.set("title", str(t->at("title")));
    if (t->at("locale").as_string() != locale.locale) link.set("title_lang", str(t->at("locale")));
    link.set("href", article_href(str(article->at("slug")), locale));
    list.push_back(link);
  }
  return list;
}

std::vector<std::int64_t> ids_of(const storage::Result& rows, int column) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < rows.rows(); ++i) ids.push_back(rows.get<std::int64_t>(i, column));
  return ids;
}

Data categories(storage::Connection& db, const Site& site, const PageLocale& locale) {
  Data out = Data::type::list;
  // The most viewed public articles of each category, categories in their order.
  auto rows = db.exec(
      "SELECT x.category_id, x.id FROM (SELECT a.category_id, a.id, row_number() OVER ("
      "  PARTITION BY a.category_id ORDER BY a.views DESC, a.id) AS n FROM kb_articles a"
      "  WHERE a.status = 'published' AND a.visibility = 'public' AND a.category_id IS NOT NULL) x "
      "JOIN kb_categories c ON c.id = x.category_id WHERE x.n <= $1 "
      "ORDER BY c.parent_id NULLS FIRST, c.position, c.id, x.n",
      kPerCategory);
  const http::Request none;
  auto listed = call_api(db, none, endpoints::list_categories, false, {}, "");
  if (!listed) return out;
  const auto& all = listed->body.at("categories").as_array();
  std::int64_t current = -1;
  std::vector<std::int64_t> ids;
  auto flush = [&] {
    if (current < 0) return;
    for (const auto& value : all) {
      const auto& c = value.as_object();
      if (c.at("id").as_int64() != current) continue;
      const auto* t = pick(c.at("translations").as_array(), locale.locale, site.locales().default_locale());
      Data category = Data::type::object;
      category.set("id", "category-" + str(c.at("slug")));
      category.set("name", t ? str(t->at("name")) : str(c.at("slug")));
      if (const auto* d = t ? t->if_contains("description") : nullptr) category.set("description", str(*d));
      category.set("articles", article_links(db, site, locale, ids));
      out.push_back(category);
    }
  };
  for (int i = 0; i < rows.rows(); ++i) {
    const auto category = rows.get<std::int64_t>(i, 0);
    if (category != current) {
      flush();
      current = category;
      ids.clear();
    }
    ids.push_back(rows.get<std::int64_t>(i, 1));
  }
  flush();
  return out;
}

Data base_data(const Site& site, const PageLocale& locale, std::string_view title, std::string_view path,
               std::string_view query) {
  Data data = Data::type::object;
  data.set("title", std::string(title));
  data.set("title_suffix", path != "/help");  // the index's title is the site's name
  data.set("languages", site.language_links(locale, path, query));
  data.set("script", site.assets().url("help.js"));
  return data;
}

http::Response not_found_page(const Site& site, const PageLocale& locale, std::string_view path) {
  const auto title = site.messages().text(locale.locale, "not_found_title");
  return site.page(404, "help_not_found", locale, base_data(site, locale, title, path, ""));
}

http::Response index_page(storage::Connection& db, const Site& site, const http::Request& req) {
  const auto locale = site.locale_of(req);
  auto data = base_data(site, locale, site.messages().text(locale.locale, "help_center"), "/help", "");
  auto listed = categories(db, site, locale);
  data.set("has_categories", !listed.list_value().empty());
  data.set("categories", std::move(listed));
  auto popular = db.exec(
      "SELECT id FROM kb_articles WHERE status = 'published' AND visibility = 'public' "
      "ORDER BY views DESC, helpful - not_helpful DESC, id LIMIT $1",
      kPopular);
  auto links = article_links(db, site, locale, ids_of(popular, 0));
  data.set("has_popular", !links.list_value().empty());
  data.set("popular", std::move(links));
  status::add_incident_banner(db, locale, data);
  return site.page(200, "help_index", locale, std::move(data));
}

http::Response search_page(storage::Connection& db, const Site& site, const http::Request& req) {
  const auto locale = site.locale_of(req);
  const auto q = req.query_param("q").value_or("");
  const auto& m = site.messages();
  auto data = base_data(site, locale, m.text(locale.locale, "search_title"), "/help/search",
                        q.empty() ? "" : "q=" + encode(q));
  data.set("q", q);
  unsigned status = 200;
  if (!q.empty()) {
    auto found = call_api(db, req, endpoints::list_articles, false, {},
                          "q=" + encode(q) + "&locale=" + locale.locale + "&limit=" + std::to_string(kResults));
    if (!found) {
      status = found.error().status == 413 ? 413 : 400;
      data.set("error", m.text(locale.locale, status == 413 ? "search_too_long" : "search_invalid"));
    } else {
      Data results = Data::type::list;
      for (const auto& value : found->body.at("articles").as_array()) {
        const auto& hit = value.as_object();
        Data r = Data::type::object;
        r.set("title", str(hit.at("title")));
        if (hit.at("locale").as_string() != locale.locale) r.set("title_lang", str(hit.at("locale")));
        r.set("href", article_href(str(hit.at("slug")), locale));
        r.set("snippet", str(hit.at("snippet")));  // escaped HTML with <mark> (kb/text.hpp)
        results.push_back(r);
      }
      const auto total = found->body.at("total").as_int64();
      data.set("searched", true);
      data.set("results", results);
      data.set("count", m.plural(locale.locale, "result_count", "result_count_plural", total));
      if (total == 0) data.set("none", m.format(locale.locale, "no_results", {q}));
    }
  }
  status::add_incident_banner(db, locale, data);
  return site.page(status, "help_search", locale, std::move(data));
}

// A new visitor id when the request has none (else empty): given to the browser with the
// article, and used for this very view, so that an open counted now and a ticket filed later
// name the same visitor.
std::string new_visitor(const http::Request& req) {
  return visitor_of(req).starts_with("c:") ? std::string() : security::generate_token("v");
}

http::Response article_page(storage::Connection& db, const Site& site, const http::Request& req) {
  const auto locale = site.locale_of(req);
  const auto& slug = req.params.at(0);
  const auto path = "/help/articles/" + encode(slug);
  // Ids are the API's; the help center's addresses are slugs.
  if (!valid_slug(slug)) return not_found_page(site, locale, path);
  const auto from = req.query_param("from");
  const auto visitor = new_visitor(req);
  http::Request viewer = req;
  if (!visitor.empty()) viewer.headers.emplace_back("Cookie", "fd_visitor=" + visitor);
  auto found = call_api(db, viewer, endpoints::get_article, false, {slug},
                        from ? "from=" + encode(*from) : std::string());
  if (!found) return not_found_page(site, locale, path);
  const auto& article = found->body.at("article").as_object();
  const auto* t = pick(article.at("translations").as_array(), locale.locale, site.locales().default_locale(),
                       str(article.at("sourceLocale")));
  if (t == nullptr) return not_found_page(site, locale, path);
  const auto shown = str(t->at("locale"));
  const auto& m = site.messages();
  auto data = base_data(site, locale, str(t->at("title")), path, "");
  data.set("id", std::to_string(article.at("id").as_int64()));
  data.set("slug", slug);
  data.set("slug_path", encode(slug));
  data.set("article_lang", shown);
  data.set("html", str(t->at("html")));  // cmark-gfm's safe rendering (kb/markdown.hpp)
  if (shown != locale.locale) {
    const auto name_of = [&locale](const std::string& tag) {
      return web::LocaleNegotiator::language_name(tag, locale.locale);
    };
    data.set("fallback", m.format(locale.locale, "fallback_notice", {name_of(locale.locale), name_of(shown)}));
  }
  if (const auto* c = article.if_contains("categoryId"); c && c->is_int64()) {
    const http::Request none;
    if (auto listed = call_api(db, none, endpoints::list_categories, false, {}, "")) {
      for (const auto& value : listed->body.at("categories").as_array()) {
        const auto& cat = value.as_object();
        if (cat.at("id") != *c) continue;
        const auto* ct = pick(cat.at("translations").as_array(), locale.locale, site.locales().default_locale());
        Data crumb = Data::type::object;
        crumb.set("name", ct ? str(ct->at("name")) : str(cat.at("slug")));
        crumb.set("href", "/help" + std::string(locale.from_query ? "?lang=" + locale.locale : "") +
                              "#category-" + str(cat.at("slug")));
        data.set("category", crumb);
      }
    }
  }
  const auto voted = req.query_param("voted");
  if (voted == std::optional<std::string>("thanks")) data.set("voted", m.text(locale.locale, "vote_thanks"));
  if (voted == std::optional<std::string>("already")) data.set("voted", m.text(locale.locale, "vote_already"));
  status::add_incident_banner(db, locale, data);
  auto response = site.page(200, "help_article", locale, std::move(data), shown);
  if (!visitor.empty()) {
    response.headers.emplace_back("Set-Cookie",
                                  "fd_visitor=" + visitor + "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
  }
  return response;
}

// The vote form's body: "helpful=yes" or "helpful=no", form-encoded.
std::optional<bool> vote_of(std::string_view body) {
  if (body == "helpful=yes") return true;
  if (body == "helpful=no") return false;
  return std::nullopt;
}

http::Response vote(storage::Connection& db, const Site& site, const http::Request& req) {
  const auto locale = site.locale_of(req);
  const auto& slug = req.params.at(0);
  const auto helpful = vote_of(req.body);
  if (!helpful) {
    auto data = base_data(site, locale, site.messages().text(locale.locale, "vote_invalid"), "/help", "");
    return site.page(400, "help_not_found", locale, std::move(data));
  }
  auto answer = call_api(db, req, endpoints::feedback, true, {slug}, "",
                         json::serialize(json::object{{"helpful", *helpful}}));
  if (!answer && answer.error().status == 404) return not_found_page(site, locale, "/help");
  const std::string outcome = answer ? "thanks" : answer.error().status == 429 ? "already" : "";
  if (outcome.empty()) throw std::runtime_error("help center vote: " + answer.error().message);
  http::Response response;
  response.status = 303;
  response.headers.emplace_back(
      "Location", "/help/articles/" + encode(slug) + "?" + (locale.from_query ? "lang=" + locale.locale + "&" : "") +
                      "voted=" + outcome + "#feedback");
  return response;
}

http::Response unknown_page(storage::Connection&, const Site& site, const http::Request& req) {
  return not_found_page(site, site.locale_of(req), "/help");
}

using Handler = http::Response (*)(storage::Connection&, const Site&, const http::Request&);

boost::asio::awaitable<http::Response> serve(const KbContext& ctx, const Site& site, Handler handler,
                                             http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&site, handler, req = std::move(req)](storage::Connection& c) { return handler(c, site, req); };
  co_return co_await ctx.db.async_run(std::move(work), boost::asio::use_awaitable);
}

struct Route {
  std::string_view method;
  std::string_view pattern;
  Handler handler;
};

}  // namespace

void register_help_center(http::Router& router, const KbContext& context, const Site& site) {
  constexpr std::array<Route, 5> kRoutes{{
      {"GET", "/help", index_page},
      {"GET", "/help/:page", unknown_page},
      {"GET", "/help/search", search_page},
      {"GET", "/help/articles/:slug", article_page},
      {"POST", "/help/articles/:slug/vote", vote},
  }};
  for (const auto& route : kRoutes) {
    router.add_coro(route.method, route.pattern, [&context, &site, handler = route.handler](http::Request req) {
      return serve(context, site, handler, std::move(req));
    });
  }
}

}  // namespace frontdesk::kb
