// SPDX-License-Identifier: Apache-2.0
// Categories: nested (parentId), ordered (position), with a name and description per locale.
#include "api/json_body.hpp"
#include "kb/article_input.hpp"
#include "kb/endpoints.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace frontdesk::kb::endpoints {

namespace json = boost::json;

namespace {

constexpr std::string_view kCategoryJson = R"sql(
SELECT jsonb_build_object(
  'id', c.id, 'slug', c.slug, 'parentId', c.parent_id, 'position', c.position,
  'translations', coalesce((
    SELECT jsonb_agg(jsonb_build_object('locale', t.locale, 'name', t.name,
                                        'description', t.description) ORDER BY t.locale)
    FROM kb_category_translations t WHERE t.category_id = c.id), '[]'::jsonb))::text
FROM kb_categories c)sql";

api::Result<json::value> category_json(storage::Connection& db, std::int64_t id) {
  auto rows = db.exec(std::string(kCategoryJson) + " WHERE c.id = $1", id);
  if (rows.empty()) return api::not_found("category");
  return json::parse(rows.text(0, 0));
}

api::Result<> check_parent(storage::Connection& db, std::optional<std::int64_t> parent,
                           std::int64_t self) {
  if (!parent) return {};
  // The parent exists and is not the category itself nor one of its descendants.
  auto rows = db.exec(
      "WITH RECURSIVE up(id, parent_id, depth) AS ("
      "  SELECT id, parent_id, 0 FROM kb_categories WHERE id = $1"
      "  UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM kb_categories c"
      "  JOIN up ON c.id = up.parent_id WHERE up.depth < 100)"
      "SELECT count(*), count(*) FILTER (WHERE id = $2) FROM up",
      *parent, self);
  if (rows.get<std::int64_t>(0, 0) == 0) {
    return api::invalid("parentId: no category " + std::to_string(*parent));
  }
  if (rows.get<std::int64_t>(0, 1) > 0) {
    return api::invalid("parentId: a category cannot be inside itself");
  }
  return {};
}

void write_translations(storage::Connection& db, std::int64_t id, const CategoryInput& in) {
  if (!in.translations) return;
  db.exec("DELETE FROM kb_category_translations WHERE category_id = $1", id);
  for (const auto& t : *in.translations) {
    db.exec(
        "INSERT INTO kb_category_translations (category_id, locale, name, description) "
        "VALUES ($1, $2, $3, $4)",
        id, t.locale, t.name, t.description);
  }
}

api::Result<> require_free_slug(storage::Connection& db, const std::string& slug,
                                std::int64_t except) {
  if (!db.exec("SELECT 1 FROM kb_categories WHERE slug = $1 AND id <> $2", slug, except).empty()) {
    return api::conflict("a category with slug '" + slug + "' exists");
  }
  return {};
}

}  // namespace

api::Answer list_categories(api::Call& call) {
  auto rows = call.db.exec(std::string(kCategoryJson) +
                           " ORDER BY c.parent_id NULLS FIRST, c.position, c.id");
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  api::Reply r;
  r.body["count"] = list.size();
  r.body["categories"] = std::move(list);
  return r;
}

api::Answer create_category(api::Call& call) {
  FD_TRY(const auto in, parse_category(call.request.body));
  if (!in.slug) return api::invalid("slug is required");
  if (!in.translations || in.translations->empty()) {
    return api::invalid("translations: a category needs a name");
  }
  FD_CHECK(require_free_slug(call.db, *in.slug, 0));
  FD_CHECK(check_parent(call.db, in.parent_id, 0));
  auto rows = call.db.exec(
      "INSERT INTO kb_categories (slug, parent_id, position) VALUES ($1, $2, coalesce($3, 0)) "
      "RETURNING id",
      *in.slug, in.parent_id, in.position);
  const auto id = rows.get<std::int64_t>(0, 0);
  write_translations(call.db, id, in);
  FD_TRY(auto category, category_json(call.db, id));
  return api::created("category", std::move(category));
}

api::Answer update_category(api::Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id || call.db.exec("SELECT 1 FROM kb_categories WHERE id = $1 FOR UPDATE", *id).empty()) {
    return api::not_found("category");
  }
  FD_TRY(const auto in, parse_category(call.request.body));
  if (in.slug) FD_CHECK(require_free_slug(call.db, *in.slug, *id));
  if (in.parent_given) FD_CHECK(check_parent(call.db, in.parent_id, *id));
  if (in.translations && in.translations->empty()) {
    return api::invalid("translations: a category needs a name");
  }
  call.db.exec(
      "UPDATE kb_categories SET slug = coalesce($2, slug), "
      "parent_id = CASE WHEN $3 THEN $4 ELSE parent_id END, position = coalesce($5, position), "
      "updated_at = now() WHERE id = $1",
      *id, in.slug, in.parent_given, in.parent_id, in.position);
  write_translations(call.db, *id, in);
  FD_TRY(auto category, category_json(call.db, *id));
  api::Reply r;
  r.body["category"] = std::move(category);
  return r;
}

}  // namespace frontdesk::kb::endpoints
