// SPDX-License-Identifier: Apache-2.0
// Articles: read one, create, update, revisions (list, diff, restore), feedback.
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "kb/article_store.hpp"
#include "kb/endpoints.hpp"
#include "kb/text.hpp"
#include "kb/visitor.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace frontdesk::kb::endpoints {

namespace json = boost::json;

namespace {

api::Result<std::int64_t> article_id(api::Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id) return api::not_found("article");
  return *id;
}

api::Result<json::object> loaded(api::Call& call, std::int64_t id) {
  auto article = article_json(call.db, id);
  if (!article) return api::not_found("article");
  return std::move(*article);
}

// With ?locale=, only the translation the fallback chain picks (pt-BR → pt → languages.default
// → en, then the source locale), and which one it is.
void pick_translation(storage::Connection& db, json::object& article, const std::string& wanted) {
  auto& translations = article["translations"].as_array();
  auto chain = fallback_chain({wanted}, db.exec("SELECT default_language FROM installation_settings").text(0, 0));
  chain.emplace_back(article["sourceLocale"].as_string());
  for (const auto& locale : chain) {
    for (auto& t : translations) {
      if (t.as_object()["locale"].as_string() == locale) {
        json::array one{std::move(t)};
        translations = std::move(one);
        article["locale"] = locale;
        article["fallback"] = locale != wanted;
        return;
      }
    }
  }
}

json::value revision_json(const storage::Result& rows, int i) {
  json::object r;
  r["number"] = rows.get<std::int32_t>(i, "number");
  r["actor"] = rows.get<std::string>(i, "actor");
  if (auto id = rows.get_optional<std::int64_t>(i, "actor_id")) r["actorId"] = *id;
  else r["actorId"] = nullptr;
  r["createdAt"] = rows.get<std::string>(i, "created_at");
  return r;
}

api::Result<json::object> snapshot_of(api::Call& call, std::int64_t article, std::int32_t number) {
  auto rows = call.db.exec(
      "SELECT snapshot::text FROM kb_revisions WHERE article_id = $1 AND number = $2", article, number);
  if (rows.empty()) return api::not_found("revision");
  return json::parse(rows.text(0, 0)).as_object();
}

std::string field_text(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

// What changed from `before` to `after`: the article's fields, and per translation its title
// and a line diff of its body.
json::object diff(const json::object& before, const json::object& after) {
  json::array fields;
  for (const auto* name : {"slug", "categoryId", "status", "visibility", "tags", "sourceLocale"}) {
    const auto* b = before.if_contains(name);
    const auto* a = after.if_contains(name);
    const json::value none;
    if ((b ? *b : none) != (a ? *a : none)) {
      fields.push_back(json::object{{"field", name}, {"before", b ? *b : none}, {"after", a ? *a : none}});
    }
  }
  auto by_locale = [](const json::object& snapshot) {
    std::vector<std::pair<std::string, json::object>> out;
    if (const auto* list = snapshot.if_contains("translations"); list && list->is_array()) {
      for (const auto& t : list->get_array()) {
        out.emplace_back(std::string(t.at("locale").as_string()), t.as_object());
      }
    }
    return out;
  };
  const auto old_list = by_locale(before);
  const auto new_list = by_locale(after);
  auto find = [](const auto& list, const std::string& locale) -> const json::object* {
    for (const auto& [l, t] : list) {
      if (l == locale) return &t;
    }
    return nullptr;
  };
  std::vector<std::string> locales;
  for (const auto& [l, t] : old_list) locales.push_back(l);
  for (const auto& [l, t] : new_list) {
    if (std::find(locales.begin(), locales.end(), l) == locales.end()) locales.push_back(l);
  }
  json::array translations;
  for (const auto& locale : locales) {
    const auto* o = find(old_list, locale);
    const auto* n = find(new_list, locale);
    const std::string old_title = o ? field_text(o->at("title")) : "";
    const std::string new_title = n ? field_text(n->at("title")) : "";
    const std::string old_body = o ? field_text(o->at("body")) : "";
    const std::string new_body = n ? field_text(n->at("body")) : "";
    if (o && n && old_title == new_title && old_body == new_body) continue;
    json::object change;
    change["locale"] = locale;
    change["change"] = !o ? "added" : !n ? "removed" : "changed";
    if (old_title != new_title) change["title"] = json::object{{"before", old_title}, {"after", new_title}};
    json::array lines;
    for (const auto& line : diff_lines(old_body, new_body)) {
      lines.emplace_back(std::string(1, line.op) + " " + line.text);
    }
    change["body"] = std::move(lines);
    translations.push_back(std::move(change));
  }
  return json::object{{"fields", std::move(fields)}, {"translations", std::move(translations)}};
}

}  // namespace

api::Answer get_article(api::Call& call) {
  FD_TRY(const auto id, visible_article(call, call.param(0)));
  if (!call.staff()) {
    FD_TRY(const auto from, api::query(call, "from"));
    // A view and an open are counts of reads, not anyone's input: their commit does not wait
    // for the WAL flush (a crash may lose the last fraction of a second of them, never
    // corrupt them), so a page view costs no fsync. Inside a caller's transaction they
    // simply join it.
    const bool own = call.db.transaction_status() == storage::TransactionStatus::idle;
    std::optional<storage::Transaction> tx;
    if (own) {
      tx.emplace(call.db);
      call.db.exec("SET LOCAL synchronous_commit TO off");
    }
    call.db.exec("UPDATE kb_articles SET views = views + 1 WHERE id = $1", id);
    // Opened from a suggestion (the web form, the widget): counted for deflection.
    if (from == std::optional<std::string>("suggestion")) {
      call.db.exec("INSERT INTO kb_suggestion_opens (article_id, visitor) VALUES ($1, $2)", id,
                   visitor_of(call.request));
    }
    if (tx) tx->commit();
  }
  FD_TRY(auto article, loaded(call, id));
  FD_TRY(const auto wanted, api::query(call, "locale"));
  if (wanted) {
    const auto locale = normalize_locale(*wanted);
    if (!locale) {
      return api::bad_query("locale '" + *wanted + "' is not a language tag such as en or pt-BR");
    }
    pick_translation(call.db, article, *locale);
  }
  api::Reply r;
  r.body["article"] = std::move(article);
  return r;
}

api::Answer create_article(api::Call& call) {
  FD_TRY(const auto in, parse_article(call.request.body));
  FD_TRY(const auto id, save_article(call, std::nullopt, in, false));
  FD_TRY(auto article, loaded(call, id));
  return api::created("article", std::move(article));
}

api::Answer update_article(api::Call& call) {
  FD_TRY(const auto in, parse_article(call.request.body));
  FD_TRY(const auto article_id_given, article_id(call));
  FD_TRY(const auto id, save_article(call, article_id_given, in, false));
  FD_TRY(auto article, loaded(call, id));
  api::Reply r;
  r.body["article"] = std::move(article);
  return r;
}

api::Answer list_revisions(api::Call& call) {
  FD_TRY(const auto id, article_id(call));
  if (call.db.exec("SELECT 1 FROM kb_articles WHERE id = $1", id).empty()) {
    return api::not_found("article");
  }
  auto rows = call.db.exec(
      "SELECT number, actor, actor_id, fd_iso(created_at) AS created_at FROM kb_revisions "
      "WHERE article_id = $1 ORDER BY number DESC",
      id);
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(revision_json(rows, i));
  api::Reply r;
  r.body["count"] = list.size();
  r.body["revisions"] = std::move(list);
  return r;
}

// GET /kb/articles/:id/revisions/:number[?against=N]: the revision's article and its diff
// from the revision before it (or from revision N).
api::Answer get_revision(api::Call& call) {
  FD_TRY(const auto id, article_id(call));
  const auto number = api::parse_id(call.param(1));
  if (!number || *number > INT32_MAX) return api::not_found("revision");
  const auto n = static_cast<std::int32_t>(*number);
  auto rows = call.db.exec(
      "SELECT number, actor, actor_id, fd_iso(created_at) AS created_at FROM kb_revisions "
      "WHERE article_id = $1 AND number = $2",
      id, n);
  if (rows.empty()) return api::not_found("revision");
  auto revision = revision_json(rows, 0).as_object();
  FD_TRY(const auto snapshot, snapshot_of(call, id, n));
  FD_TRY(const auto against_given, api::query_int(call, "against", n - 1, 0, INT32_MAX));
  const auto against = static_cast<std::int32_t>(against_given);
  json::object before;
  if (against >= 1) {
    FD_TRY(before, snapshot_of(call, id, against));
  }
  revision["article"] = snapshot;
  revision["against"] = against >= 1 ? json::value(against) : json::value(nullptr);
  revision["diff"] = diff(before, snapshot);
  api::Reply r;
  r.body["revision"] = std::move(revision);
  return r;
}

// POST /kb/articles/:id/revisions/:number/restore: the article as that revision had it, saved
// as a new revision.
api::Answer restore_revision(api::Call& call) {
  FD_TRY(const auto id, article_id(call));
  const auto number = api::parse_id(call.param(1));
  if (!number || *number > INT32_MAX) return api::not_found("revision");
  if (call.db.exec("SELECT 1 FROM kb_articles WHERE id = $1 FOR UPDATE", id).empty()) {
    return api::not_found("article");
  }
  FD_TRY(auto snapshot, snapshot_of(call, id, static_cast<std::int32_t>(*number)));
  // A category deleted since is left out rather than refused.
  if (const auto* c = snapshot.if_contains("categoryId"); c && c->is_int64()) {
    if (call.db.exec("SELECT 1 FROM kb_categories WHERE id = $1", c->get_int64()).empty()) {
      snapshot["categoryId"] = nullptr;
    }
  }
  FD_TRY(const auto in, parse_article(json::serialize(snapshot)));
  FD_CHECK(save_article(call, id, in, true));
  FD_TRY(auto article, loaded(call, id));
  api::Reply r;
  r.body["article"] = std::move(article);
  return r;
}

// POST /kb/articles/:id/feedback {helpful, reason?, comment?}: one vote per visitor, article
// and day; another answers 429 and changes nothing.
api::Answer feedback(api::Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"helpful", "reason", "comment"}));
  FD_TRY(const auto helpful, body.boolean("helpful"));
  if (!helpful) return api::invalid("helpful (true or false) is required");
  FD_TRY(const auto reason, body.string("reason", 100));
  FD_TRY(const auto comment, body.string("comment", 2000));
  FD_TRY(const auto id, visible_article(call, call.param(0)));
  auto inserted = call.db.exec(
      "INSERT INTO kb_feedback (article_id, visitor, day, helpful, reason, comment) "
      "VALUES ($1, $2, (now() AT TIME ZONE 'UTC')::date, $3, nullif(btrim($4), ''), "
      "nullif(btrim($5), '')) ON CONFLICT (article_id, visitor, day) DO NOTHING RETURNING id",
      id, visitor_of(call.request), *helpful, reason, comment);
  if (inserted.empty()) {
    return api::problem(429, "too_many_requests",
                        "this visitor has already voted on this article today");
  }
  auto counts = call.db.exec(
      "UPDATE kb_articles SET helpful = helpful + CASE WHEN $2 THEN 1 ELSE 0 END, "
      "not_helpful = not_helpful + CASE WHEN $2 THEN 0 ELSE 1 END WHERE id = $1 "
      "RETURNING helpful, not_helpful",
      id, *helpful);
  api::Reply r;
  r.status = 201;
  r.body["articleId"] = id;
  r.body["helpful"] = counts.get<std::int32_t>(0, 0);
  r.body["notHelpful"] = counts.get<std::int32_t>(0, 1);
  return r;
}

}  // namespace frontdesk::kb::endpoints
