// SPDX-License-Identifier: Apache-2.0
#include "kb/docs_sync.hpp"

#include "api/endpoint.hpp"
#include "kb/article_store.hpp"
#include "kb/endpoints.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace frontdesk::kb {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const api::Principal kImporter{core::Role::admin, 0, 0};  // the bootstrap admin, as every CLI verb

std::optional<std::int64_t> category_id(storage::Connection& db, const std::string& slug) {
  auto rows = db.exec("SELECT id FROM kb_categories WHERE slug = $1", slug);
  return rows.empty() ? std::nullopt : std::optional<std::int64_t>(rows.get<std::int64_t>(0, 0));
}

// The category as the tree would say it, read back from the database.
std::optional<std::pair<std::int64_t, DocCategory>> stored_category(storage::Connection& db, const std::string& slug) {
  auto rows = db.exec(
      "SELECT c.id, p.slug, c.position, coalesce((SELECT jsonb_object_agg(t.locale, "
      "jsonb_build_array(t.name, t.description)) FROM kb_category_translations t WHERE t.category_id = c.id), "
      "'{}')::text FROM kb_categories c LEFT JOIN kb_categories p ON p.id = c.parent_id WHERE c.slug = $1",
      slug);
  if (rows.empty()) return std::nullopt;
  DocCategory c;
  c.slug = slug;
  c.parent = rows.get_optional<std::string>(0, 1);
  c.position = rows.get<std::int32_t>(0, 2);
  const auto translations = json::parse(rows.text(0, 3));
  for (const auto& [locale, pair] : translations.as_object()) {
    c.names[std::string(locale)] = std::string(pair.as_array()[0].as_string());
    const auto description = std::string(pair.as_array()[1].as_string());
    if (!description.empty()) c.descriptions[std::string(locale)] = description;
  }
  return std::pair{rows.get<std::int64_t>(0, 0), std::move(c)};
}

bool same(const DocCategory& a, const DocCategory& b) {
  return a.parent == b.parent && a.position == b.position && a.names == b.names && a.descriptions == b.descriptions;
}

api::Result<> import_category(storage::Connection& db, const DocCategory& c, ImportCounts& counts) {
  const auto stored = stored_category(db, c.slug);
  if (stored && same(stored->second, c)) return {};
  json::array translations;
  for (const auto& [locale, name] : c.names) {
    const auto d = c.descriptions.find(locale);
    json::object t;
    t["locale"] = locale;
    t["name"] = name;
    t["description"] = d == c.descriptions.end() ? std::string() : d->second;
    translations.push_back(std::move(t));
  }
  json::object body;
  body["slug"] = c.slug;
  body["position"] = c.position;
  body["translations"] = std::move(translations);
  body["parentId"] = c.parent ? json::value(*category_id(db, *c.parent)) : json::value(nullptr);
  http::Request request;
  request.body = json::serialize(body);
  if (stored) request.params = {std::to_string(stored->first)};
  api::Call call{db, kImporter, request};
  FD_CHECK(stored ? endpoints::update_category(call) : endpoints::create_category(call));
  ++(stored ? counts.categories_updated : counts.categories_created);
  return {};
}

std::string tags_json(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return json::serialize(a);
}

// Whether the stored article already says everything the tree says of it.
bool unchanged(storage::Connection& db, std::int64_t id, const DocArticle& doc) {
  auto a = db.exec(
      "SELECT c.slug, a.status, a.visibility, to_jsonb(a.tags)::text FROM kb_articles a "
      "LEFT JOIN kb_categories c ON c.id = a.category_id WHERE a.id = $1",
      id);
  if (a.get_optional<std::string>(0, 0) != doc.category || a.text(0, 1) != doc.status ||
      a.text(0, 2) != doc.visibility || json::parse(a.text(0, 3)) != json::parse(tags_json(doc.tags))) {
    return false;
  }
  auto t = db.exec("SELECT locale, title, body FROM kb_article_translations WHERE article_id = $1", id);
  std::map<std::string, std::pair<std::string, std::string>> stored;
  for (int i = 0; i < t.rows(); ++i) {
    stored[t.get<std::string>(i, 0)] = {t.get<std::string>(i, 1), trim_body(t.get<std::string>(i, 2))};
  }
  for (const auto& tr : doc.translations) {
    const auto it = stored.find(tr.locale);
    if (it == stored.end() || it->second.first != tr.title || it->second.second != tr.body) return false;
  }
  return true;
}

api::Result<> import_article(storage::Connection& db, const DocArticle& doc, ImportCounts& counts) {
  auto rows = db.exec("SELECT id FROM kb_articles WHERE slug = $1", doc.slug);
  const auto id = rows.empty() ? std::nullopt : std::optional<std::int64_t>(rows.get<std::int64_t>(0, 0));
  if (id && unchanged(db, *id, doc)) {
    ++counts.unchanged;
    return {};
  }
  ArticleInput in;
  in.slug = doc.slug;
  in.category_given = true;
  if (doc.category) {
    in.category_id = category_id(db, *doc.category);
    if (!in.category_id) {
      return api::invalid("category '" + *doc.category + "' is neither in categories.yaml nor in the knowledge base");
    }
  }
  in.status = doc.status;
  in.visibility = doc.visibility;
  in.tags = doc.tags;
  for (const auto& tr : doc.translations) in.translations.push_back({tr.locale, tr.title, tr.body});
  if (!id) {
    const bool has_en = std::any_of(doc.translations.begin(), doc.translations.end(),
                                    [](const auto& t) { return t.locale == "en"; });
    in.source_locale = has_en ? "en" : doc.translations.front().locale;
  }
  http::Request request;
  api::Call call{db, kImporter, request};
  FD_CHECK(save_article(call, id, in, false));
  ++(id ? counts.updated : counts.created);
  return {};
}

core::Unexpected<api::Problem> located(const std::string& where, api::Problem problem) {
  problem.message = where + ": " + problem.message;
  return core::Unexpected(std::move(problem));
}

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error(file.string() + ": cannot write");
}

}  // namespace

api::Result<ImportCounts> import_doc_tree(storage::Connection& db, const DocTree& tree,
                                          const std::function<void(std::size_t, std::size_t)>& progress) {
  ImportCounts counts;
  storage::Transaction tx(db);
  for (const auto& c : tree.categories) {
    auto saved = import_category(db, c, counts);
    if (!saved) return located("categories.yaml: " + c.slug, std::move(saved).error());
  }
  std::size_t done = 0;
  for (const auto& article : tree.articles) {
    auto saved = import_article(db, article, counts);
    if (!saved) return located(article.translations.front().file.string(), std::move(saved).error());
    progress(++done, tree.articles.size());
  }
  tx.commit();
  return counts;
}

ExportCounts export_doc_tree(storage::Connection& db, const fs::path& dir) {
  ExportCounts counts;
  auto rows = db.exec(
      "SELECT a.slug, c.slug, a.status, a.visibility, to_jsonb(a.tags)::text, t.locale, t.title, t.body "
      "FROM kb_articles a LEFT JOIN kb_categories c ON c.id = a.category_id "
      "JOIN kb_article_translations t ON t.article_id = a.id ORDER BY a.slug, t.locale");
  std::set<std::string> slugs;
  for (int i = 0; i < rows.rows(); ++i) {
    DocArticle a;
    a.slug = rows.get<std::string>(i, 0);
    a.category = rows.get_optional<std::string>(i, 1);
    a.status = rows.get<std::string>(i, 2);
    a.visibility = rows.get<std::string>(i, 3);
    const auto tags = json::parse(rows.text(i, 4));
    for (const auto& t : tags.as_array()) a.tags.emplace_back(t.as_string());
    DocTranslation tr{rows.get<std::string>(i, 5), rows.get<std::string>(i, 6), trim_body(rows.get<std::string>(i, 7)), {}};
    write_file(dir / tr.locale / (a.slug + ".md"), doc_file_text(a, tr));
    slugs.insert(a.slug);
    ++counts.files;
  }
  counts.articles = slugs.size();
  // Parents before their children, as categories.yaml requires.
  auto cats = db.exec(
      "WITH RECURSIVE tree(id, depth) AS (SELECT id, 0 FROM kb_categories WHERE parent_id IS NULL "
      "UNION ALL SELECT c.id, t.depth + 1 FROM kb_categories c JOIN tree t ON c.parent_id = t.id WHERE t.depth < 100) "
      "SELECT c.slug FROM tree JOIN kb_categories c USING (id) ORDER BY tree.depth, c.position, c.id");
  std::vector<DocCategory> categories;
  for (int i = 0; i < cats.rows(); ++i) categories.push_back(stored_category(db, cats.get<std::string>(i, 0))->second);
  if (!categories.empty()) write_file(dir / "categories.yaml", categories_file_text(categories));
  counts.categories = categories.size();
  return counts;
}

bool kb_empty(storage::Connection& db) { return db.exec("SELECT 1 FROM kb_articles LIMIT 1").empty(); }

}  // namespace frontdesk::kb
