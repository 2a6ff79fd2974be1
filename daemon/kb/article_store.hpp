// SPDX-License-Identifier: Apache-2.0
#pragma once
// Articles in PostgreSQL: their JSON, saves (each one a revision), and lookups by id or slug.
#include "api/problem.hpp"
#include "kb/article_input.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::api {
struct Call;
}
namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::kb {

// The article JSON of DESIGN.md ({id, slug, categoryId, status, visibility, tags,
// translations: [{locale, title, body, html, outdated}], views, helpful, notHelpful}) plus
// sourceLocale, revision, deflection and times; nullopt when there is no such article.
std::optional<boost::json::object> article_json(storage::Connection& db, std::int64_t id);

// The article `id_or_slug` names, if the caller may see it (public callers: published and
// public); otherwise a 404 Problem.
api::Result<std::int64_t> visible_article(api::Call& call, std::string_view id_or_slug);

// Creates (no id) or updates an article from `in` and records the save as a revision.
// `replace_translations` drops the translations `in` does not list (a restore). Refusals are
// returned Problems: 404, 409 for a slug in use, 422 for what does not fit.
api::Result<std::int64_t> save_article(api::Call& call, std::optional<std::int64_t> id,
                                       const ArticleInput& in, bool replace_translations);

}  // namespace frontdesk::kb
