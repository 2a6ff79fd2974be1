// SPDX-License-Identifier: Apache-2.0
#include "kb/article_store.hpp"

#include "api/endpoint.hpp"
#include "api/json_body.hpp"
#include "kb/markdown.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace frontdesk::kb {

namespace json = boost::json;

namespace {

constexpr std::string_view kArticleJson = R"sql(
SELECT jsonb_build_object(
  'id', a.id, 'slug', a.slug, 'categoryId', a.category_id, 'status', a.status,
  'visibility', a.visibility, 'tags', to_jsonb(a.tags), 'sourceLocale', a.source_locale,
  'revision', a.revision,
  'translations', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
             'locale', t.locale, 'title', t.title, 'body', t.body, 'html', t.html,
             'outdated', t.locale <> a.source_locale AND t.source_version < coalesce(s.version, 0),
             'updatedAt', fd_iso(t.updated_at))
           ORDER BY t.locale <> a.source_locale, t.locale)
    FROM kb_article_translations t
    LEFT JOIN kb_article_translations s ON s.article_id = a.id AND s.locale = a.source_locale
    WHERE t.article_id = a.id), '[]'::jsonb),
  'views', a.views, 'helpful', a.helpful, 'notHelpful', a.not_helpful,
  'deflection', (
    SELECT jsonb_build_object(
             'opened', count(*),
             'deflected', count(*) FILTER (WHERE o.ticket_at IS NULL
                                             AND o.opened_at < now() - interval '24 hours'),
             'ticketFiled', count(*) FILTER (WHERE o.ticket_at IS NOT NULL))
    FROM kb_suggestion_opens o WHERE o.article_id = a.id),
  'createdAt', fd_iso(a.created_at), 'updatedAt', fd_iso(a.updated_at))::text
FROM kb_articles a WHERE a.id = $1)sql";

constexpr std::string_view kSnapshot = R"sql(
INSERT INTO kb_revisions (article_id, number, snapshot, actor, actor_id)
SELECT a.id, a.revision,
       jsonb_build_object(
         'slug', a.slug, 'categoryId', a.category_id, 'status', a.status,
         'visibility', a.visibility, 'tags', to_jsonb(a.tags), 'sourceLocale', a.source_locale,
         'translations', coalesce((
           SELECT jsonb_agg(jsonb_build_object('locale', t.locale, 'title', t.title, 'body', t.body)
                            ORDER BY t.locale)
           FROM kb_article_translations t WHERE t.article_id = a.id), '[]'::jsonb)),
       $2, $3
FROM kb_articles a WHERE a.id = $1)sql";

std::string tags_text(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return json::serialize(a);
}

api::Result<> require_category(storage::Connection& db, std::int64_t id) {
  if (db.exec("SELECT 1 FROM kb_categories WHERE id = $1", id).empty()) {
    return api::invalid("categoryId: no category " + std::to_string(id));
  }
  return {};
}

api::Result<> require_free_slug(storage::Connection& db, const std::string& slug,
                                std::int64_t except) {
  if (!db.exec("SELECT 1 FROM kb_articles WHERE slug = $1 AND id <> $2", slug, except).empty()) {
    return api::conflict("an article with slug '" + slug + "' exists");
  }
  return {};
}

// Writes one translation; returns its version afterwards. `source_version` is the version of
// the source translation it is written against (for the source itself: its own new version).
api::Result<> write_translation(storage::Connection& db, std::int64_t article,
                                const TranslationInput& tr, bool is_source,
                                std::int32_t source_version) {
  auto existing = db.exec(
      "SELECT title, body, version FROM kb_article_translations "
      "WHERE article_id = $1 AND locale = $2 FOR UPDATE",
      article, tr.locale);
  if (existing.empty()) {
    if (!tr.title) {
      return api::invalid("translations[].title is required for the new locale " + tr.locale);
    }
    const auto body = tr.body.value_or("");
    const auto rendered = render_markdown(body);
    db.exec(
        "INSERT INTO kb_article_translations (article_id, locale, title, body, html, plain, "
        "version, source_version) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)",
        article, tr.locale, *tr.title, body, rendered.html, rendered.plain,
        is_source ? 1 : source_version);
    return {};
  }
  const auto title = tr.title.value_or(existing.get<std::string>(0, 0));
  const auto body = tr.body.value_or(existing.get<std::string>(0, 1));
  if (title == existing.text(0, 0) && body == existing.text(0, 1)) return {};
  const auto version = existing.get<std::int32_t>(0, 2) + 1;
  const auto rendered = render_markdown(body);
  db.exec(
      "UPDATE kb_article_translations SET title = $3, body = $4, html = $5, plain = $6, "
      "version = $7, source_version = $8, updated_at = now() "
      "WHERE article_id = $1 AND locale = $2",
      article, tr.locale, title, body, rendered.html, rendered.plain, version,
      is_source ? version : source_version);
  return {};
}

std::int32_t source_version(storage::Connection& db, std::int64_t article, const std::string& locale) {
  auto rows = db.exec(
      "SELECT version FROM kb_article_translations WHERE article_id = $1 AND locale = $2",
      article, locale);
  return rows.empty() ? 0 : rows.get<std::int32_t>(0, 0);
}

}  // namespace

std::optional<json::object> article_json(storage::Connection& db, std::int64_t id) {
  auto rows = db.exec(kArticleJson, id);
  if (rows.empty()) return std::nullopt;
  return json::parse(rows.text(0, 0)).as_object();
}

api::Result<std::int64_t> visible_article(api::Call& call, std::string_view id_or_slug) {
  const auto id = api::parse_id(id_or_slug);
  auto rows = id ? call.db.exec("SELECT id, status, visibility FROM kb_articles WHERE id = $1", *id)
                 : call.db.exec("SELECT id, status, visibility FROM kb_articles WHERE slug = $1",
                                std::string(id_or_slug));
  if (rows.empty()) return api::not_found("article");
  if (!call.staff() && (rows.text(0, 1) != "published" || rows.text(0, 2) != "public")) {
    return api::not_found("article");
  }
  return rows.get<std::int64_t>(0, 0);
}

api::Result<std::int64_t> save_article(api::Call& call, std::optional<std::int64_t> id,
                                       const ArticleInput& in, bool replace_translations) {
  auto& db = call.db;
  if (in.category_given && in.category_id) FD_CHECK(require_category(db, *in.category_id));
  std::string source_locale;
  std::int64_t article = 0;
  if (!id) {
    if (in.translations.empty()) return api::invalid("translations: an article needs at least one");
    source_locale = in.source_locale.value_or(in.translations.front().locale);
    const auto source = std::find_if(in.translations.begin(), in.translations.end(),
                                     [&](const auto& t) { return t.locale == source_locale; });
    if (source == in.translations.end()) {
      return api::invalid("sourceLocale " + source_locale + " has no translation");
    }
    if (!source->title) return api::invalid("translations[].title is required");
    const auto slug = in.slug ? *in.slug : slug_from_title(*source->title);
    if (slug.empty()) return api::invalid("slug is required when the title gives none");
    FD_CHECK(require_free_slug(db, slug, 0));
    auto rows = db.exec(
        "INSERT INTO kb_articles (slug, category_id, status, visibility, tags, source_locale) "
        "VALUES ($1, $2, coalesce($3, 'draft'), coalesce($4, 'public'), "
        "ARRAY(SELECT jsonb_array_elements_text(coalesce($5, '[]')::jsonb)), $6) RETURNING id",
        slug, in.category_id, in.status, in.visibility,
        in.tags ? std::optional<std::string>(tags_text(*in.tags)) : std::nullopt, source_locale);
    article = rows.get<std::int64_t>(0, 0);
  } else {
    article = *id;
    auto rows = db.exec("SELECT source_locale FROM kb_articles WHERE id = $1 FOR UPDATE", article);
    if (rows.empty()) return api::not_found("article");
    source_locale = in.source_locale.value_or(rows.get<std::string>(0, 0));
    if (in.slug) FD_CHECK(require_free_slug(db, *in.slug, article));
    db.exec(
        "UPDATE kb_articles SET slug = coalesce($2, slug), "
        "category_id = CASE WHEN $3 THEN $4 ELSE category_id END, "
        "status = coalesce($5, status), visibility = coalesce($6, visibility), "
        "tags = CASE WHEN $7::text IS NULL THEN tags "
        "ELSE ARRAY(SELECT jsonb_array_elements_text($7::jsonb)) END, "
        "source_locale = $8, updated_at = now() WHERE id = $1",
        article, in.slug, in.category_given, in.category_id, in.status, in.visibility,
        in.tags ? std::optional<std::string>(tags_text(*in.tags)) : std::nullopt, source_locale);
  }

  // The source translation first: the others are written against its new version.
  std::vector<const TranslationInput*> order;
  for (const auto& t : in.translations) order.push_back(&t);
  std::stable_partition(order.begin(), order.end(),
                        [&](const auto* t) { return t->locale == source_locale; });
  for (const auto* t : order) {
    const bool is_source = t->locale == source_locale;
    FD_CHECK(write_translation(db, article, *t, is_source,
                               is_source ? 0 : source_version(db, article, source_locale)));
  }
  if (replace_translations) {
    std::vector<std::string> keep;
    for (const auto& t : in.translations) keep.push_back(t.locale);
    db.exec(
        "DELETE FROM kb_article_translations WHERE article_id = $1 AND locale <> ALL("
        "ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))",
        article, tags_text(keep));
  }
  if (source_version(db, article, source_locale) == 0) {
    return api::invalid("sourceLocale " + source_locale + " has no translation");
  }
  db.exec("UPDATE kb_articles SET revision = revision + 1 WHERE id = $1", article);
  db.exec(kSnapshot, article, std::string(call.actor_kind()), call.actor_id());
  return article;
}

}  // namespace frontdesk::kb
