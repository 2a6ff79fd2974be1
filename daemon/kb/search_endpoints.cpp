// SPDX-License-Identifier: Apache-2.0
// GET /kb/articles (a list, or a search with q=), GET /kb/suggest, GET /kb/search-misses.
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "kb/article_store.hpp"
#include "kb/endpoints.hpp"
#include "kb/search.hpp"
#include "kb/text.hpp"
#include "storage/connection.hpp"

#include <boost/json/value.hpp>

namespace frontdesk::kb::endpoints {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxSearchBytes = 200;
constexpr std::size_t kMaxQuestionBytes = 4000;

api::Result<std::optional<std::string>> locale_param(const api::Call& call) {
  FD_TRY(const auto given, api::query(call, "locale"));
  if (!given) return std::optional<std::string>();
  auto locale = normalize_locale(*given);
  if (!locale) {
    return api::bad_query("locale '" + *given + "' is not a language tag such as en or pt-BR");
  }
  return locale;
}

api::Result<std::optional<std::int64_t>> category_param(const api::Call& call) {
  FD_TRY(const auto given, api::query(call, "category"));
  if (!given) return std::optional<std::int64_t>();
  if (auto id = api::parse_id(*given)) return id;
  auto rows = call.db.exec("SELECT id FROM kb_categories WHERE slug = $1", *given);
  if (rows.empty()) return api::bad_query("category: no category '" + *given + "'");
  return std::optional<std::int64_t>(rows.get<std::int64_t>(0, 0));
}

json::object hit_json(const SearchHit& hit) {
  json::object o;
  o["id"] = hit.id;
  o["slug"] = hit.slug;
  o["categoryId"] = hit.category_id ? json::value(*hit.category_id) : json::value(nullptr);
  o["visibility"] = hit.visibility;
  o["locale"] = hit.locale;
  o["title"] = hit.title;
  o["snippet"] = hit.snippet_html;
  o["score"] = hit.score;
  return o;
}

api::Reply search_reply(const SearchResult& result, std::int64_t page, std::int64_t limit) {
  json::array hits;
  for (const auto& hit : result.hits) hits.push_back(hit_json(hit));
  json::array corrections;
  for (const auto& c : result.corrections) corrections.emplace_back(c);
  api::Reply r;
  r.body["articles"] = std::move(hits);
  r.body["total"] = result.total;
  r.body["totalExact"] = result.total_exact;
  r.body["page"] = page;
  r.body["limit"] = limit;
  r.body["corrections"] = std::move(corrections);
  return r;
}

api::Result<std::string> bounded(std::string text, std::size_t max, std::string_view name) {
  if (text.size() > max) {
    return api::problem(413, "payload_too_large",
                        std::string(name) + " is longer than " + std::to_string(max) + " bytes");
  }
  return text;
}

}  // namespace

api::Answer list_articles(api::Call& call) {
  FD_TRY(const auto page, api::query_int(call, "page", 1, 1, 10000));
  FD_TRY(const auto limit, api::query_int(call, "limit", 20, 1, 100));
  FD_TRY(const auto locale, locale_param(call));
  FD_TRY(const auto category, category_param(call));
  FD_TRY(auto q, api::query(call, "q"));
  if (q) {
    SearchRequest request;
    FD_TRY(request.text, bounded(std::move(*q), kMaxSearchBytes, "q"));
    request.locale = locale;
    request.category = category;
    request.include_internal = call.staff();
    request.limit = static_cast<int>(limit);
    request.offset = static_cast<int>((page - 1) * limit);
    const auto result = search(call.db, request);
    if (result.total == 0 && page == 1) record_miss(call.db, locale, result.words);
    return search_reply(result, page, limit);
  }
  // A list: public callers see published public articles; staff all, or ?status=.
  FD_TRY(const auto status, api::query(call, "status"));
  if (status && *status != "draft" && *status != "published" && *status != "archived") {
    return api::bad_query("status must be one of draft, published, archived");
  }
  std::string where = " WHERE true";
  if (!call.staff()) where += " AND a.status = 'published' AND a.visibility = 'public'";
  else if (status) where += " AND a.status = $1";
  if (category) where += " AND a.category_id = $2::bigint";
  if (locale) {
    where += " AND EXISTS (SELECT 1 FROM kb_article_translations t WHERE t.article_id = a.id "
             "AND t.locale = $3)";
  }
  auto rows = call.db.exec(
      "SELECT a.id, count(*) OVER () FROM kb_articles a, (SELECT $1::text, $2::bigint, $3::text) p" +
          where + " ORDER BY a.id LIMIT $4 OFFSET $5",
      call.staff() ? status : std::nullopt, category, locale, limit, (page - 1) * limit);
  json::array articles;
  std::int64_t total = 0;
  for (int i = 0; i < rows.rows(); ++i) {
    total = rows.get<std::int64_t>(i, 1);
    if (auto a = article_json(call.db, rows.get<std::int64_t>(i, 0))) articles.push_back(std::move(*a));
  }
  api::Reply r;
  r.body["articles"] = std::move(articles);
  r.body["total"] = total;
  r.body["page"] = page;
  r.body["limit"] = limit;
  return r;
}

// GET /kb/suggest?text=&locale=&limit=: the articles that best answer a whole question.
api::Answer suggest(api::Call& call) {
  FD_TRY(auto text, api::query(call, "text"));
  if (!text) return api::bad_query("text is required");
  SearchRequest request;
  FD_TRY(request.text, bounded(std::move(*text), kMaxQuestionBytes, "text"));
  FD_TRY(request.locale, locale_param(call));
  request.include_internal = call.staff();
  request.mode = SearchMode::kSuggest;
  FD_TRY(const auto limit, api::query_int(call, "limit", 5, 1, 20));
  request.limit = static_cast<int>(limit);
  const auto result = search(call.db, request);
  return search_reply(result, 1, request.limit);
}

// GET /kb/search-misses?limit=&locale=: the searches that found nothing, most frequent first.
api::Answer search_misses(api::Call& call) {
  FD_TRY(const auto limit, api::query_int(call, "limit", 50, 1, 500));
  FD_TRY(const auto locale, locale_param(call));
  auto rows = call.db.exec(
      "SELECT locale, query, count, fd_iso(first_at), fd_iso(last_at) FROM kb_search_misses "
      "WHERE $1::text IS NULL OR locale = $1 ORDER BY count DESC, last_at DESC LIMIT $2",
      locale, limit);
  json::array misses;
  for (int i = 0; i < rows.rows(); ++i) {
    misses.push_back(json::object{{"locale", rows.get<std::string>(i, 0)},
                                  {"query", rows.get<std::string>(i, 1)},
                                  {"count", rows.get<std::int64_t>(i, 2)},
                                  {"firstAt", rows.get<std::string>(i, 3)},
                                  {"lastAt", rows.get<std::string>(i, 4)}});
  }
  api::Reply r;
  r.body["count"] = misses.size();
  r.body["misses"] = std::move(misses);
  return r;
}

}  // namespace frontdesk::kb::endpoints
