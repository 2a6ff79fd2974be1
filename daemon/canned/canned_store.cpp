// SPDX-License-Identifier: Apache-2.0
#include "canned/canned_store.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>

namespace frontdesk::canned {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 3> kScopeNames{"personal", "team", "global"};

// Rows `$1` (agent id, 0 for none) may see when `$2` (admin) is false.
constexpr std::string_view kVisible =
    "($2 OR c.scope = 'global' OR (c.scope = 'personal' AND c.owner_id = $1)"
    " OR (c.scope = 'team' AND c.team_id IN (SELECT m.team_id FROM team_members m WHERE m.agent_id = $1)))";

// The response JSON; usage counts the uses of the last 30 days through the primary key's
// (canned_response_id, used_at) order, lastUsedAt is that index's last entry.
constexpr std::string_view kResponseJson = R"sql(
SELECT (jsonb_build_object(
  'id', c.id, 'shortcut', c.shortcut, 'title', c.title, 'scope', c.scope, 'ownerId', c.owner_id,
  'translations', c.translations,
  'usage', (SELECT jsonb_build_object(
      'lastHour', count(*) FILTER (WHERE u.used_at > now() - interval '1 hour'),
      'lastDay', count(*) FILTER (WHERE u.used_at > now() - interval '1 day'),
      'lastWeek', count(*) FILTER (WHERE u.used_at > now() - interval '7 days'),
      'lastMonth', count(*),
      'lastUsedAt', (SELECT fd_iso(max(l.used_at)) FROM canned_response_uses l WHERE l.canned_response_id = c.id))
    FROM canned_response_uses u
    WHERE u.canned_response_id = c.id AND u.used_at > now() - interval '30 days'),
  'createdAt', fd_iso(c.created_at), 'updatedAt', fd_iso(c.updated_at))
  || CASE WHEN c.team_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('teamId', c.team_id) END)::text
FROM canned_responses c)sql";

std::string json_text(const std::map<std::string, std::string>& translations) {
  json::object o;
  for (const auto& [locale, body] : translations) o[locale] = body;
  return json::serialize(o);
}

}  // namespace

std::string_view scope_name(Scope scope) { return kScopeNames[static_cast<std::size_t>(scope)]; }

std::optional<Scope> parse_scope(std::string_view text) {
  for (std::size_t i = 0; i < kScopeNames.size(); ++i) {
    if (kScopeNames[i] == text) return static_cast<Scope>(i);
  }
  return std::nullopt;
}

std::optional<CannedResponse> find_visible(storage::Connection& db, std::int64_t id, const Viewer& viewer,
                                           bool lock) {
  const auto rows = db.exec("SELECT c.id, c.shortcut, c.scope, c.team_id, c.owner_id, c.translations::text, c.title "
                            "FROM canned_responses c WHERE " + std::string(kVisible) + " AND c.id = $3" +
                                (lock ? " FOR UPDATE" : ""),
                            viewer.agent_id, viewer.admin, id);
  if (rows.empty()) return std::nullopt;
  CannedResponse r;
  r.id = rows.get<std::int64_t>(0, 0);
  r.shortcut = std::string(rows.text(0, 1));
  r.scope = parse_scope(rows.text(0, 2)).value_or(Scope::personal);
  r.team_id = rows.get_optional<std::int64_t>(0, 3);
  r.owner_id = rows.get_optional<std::int64_t>(0, 4);
  r.title = std::string(rows.text(0, 6));
  const json::value translations = json::parse(rows.text(0, 5));
  for (const auto& [locale, body] : translations.as_object()) {
    r.translations[std::string(locale)] = std::string(body.as_string());
  }
  return r;
}

json::value response_json(storage::Connection& db, std::int64_t id) {
  const auto rows = db.exec(std::string(kResponseJson) + " WHERE c.id = $1", id);
  return json::parse(rows.text(0, 0));
}

Listed list_visible(storage::Connection& db, const Viewer& viewer, const ListFilter& filter) {
  // strpos, not LIKE: q is matched as typed, % and _ included.
  const std::string where = " WHERE " + std::string(kVisible) +
                            " AND ($3::text IS NULL OR strpos(c.shortcut, lower($3)) > 0"
                            "      OR strpos(lower(c.title), lower($3)) > 0)"
                            " AND ($4::text IS NULL OR c.scope = $4) AND ($5::bigint IS NULL OR c.team_id = $5)";
  const std::optional<std::string> scope =
      filter.scope ? std::optional<std::string>(scope_name(*filter.scope)) : std::nullopt;
  const auto rows = db.exec(std::string(kResponseJson) + where +
                                " ORDER BY $3::text IS NOT NULL AND starts_with(c.shortcut, lower($3)) DESC,"
                                " c.shortcut, c.id LIMIT $6 OFFSET $7",
                            viewer.agent_id, viewer.admin, filter.q, scope, filter.team_id, filter.limit,
                            filter.offset);
  Listed out;
  for (int i = 0; i < rows.rows(); ++i) out.responses.push_back(json::parse(rows.text(i, 0)));
  const auto count = db.exec("SELECT count(*) FROM canned_responses c" + where, viewer.agent_id, viewer.admin,
                             filter.q, scope, filter.team_id);
  out.total = count.get<std::int64_t>(0, 0);
  return out;
}

bool is_member(storage::Connection& db, std::int64_t agent_id, std::int64_t team_id) {
  return !db.exec("SELECT 1 FROM team_members WHERE agent_id = $1 AND team_id = $2", agent_id, team_id).empty();
}

bool team_exists(storage::Connection& db, std::int64_t team_id) {
  return !db.exec("SELECT 1 FROM teams WHERE id = $1", team_id).empty();
}

api::Result<> require_free_shortcut(storage::Connection& db, const CannedResponse& candidate) {
  db.exec("SELECT pg_advisory_xact_lock(hashtext('canned_responses.shortcut'))");
  // Another response with the shortcut that some agent sees beside the candidate: a global
  // one sees all; a team shares members with a team and holds a personal one's owner.
  const auto rows = db.exec(R"sql(
SELECT c.id, c.scope, c.title, t.name FROM canned_responses c LEFT JOIN teams t ON t.id = c.team_id
WHERE c.shortcut = $1 AND c.id <> $5 AND (
  $2 = 'global' OR c.scope = 'global'
  OR ($2 = 'team' AND (
        (c.scope = 'team' AND (c.team_id = $3 OR EXISTS (
            SELECT 1 FROM team_members a JOIN team_members b ON b.agent_id = a.agent_id
            WHERE a.team_id = $3 AND b.team_id = c.team_id)))
     OR (c.scope = 'personal' AND EXISTS (
            SELECT 1 FROM team_members m WHERE m.team_id = $3 AND m.agent_id = c.owner_id))))
  OR ($2 = 'personal' AND (
        (c.scope = 'personal' AND c.owner_id = $4)
     OR (c.scope = 'team' AND EXISTS (
            SELECT 1 FROM team_members m WHERE m.team_id = c.team_id AND m.agent_id = $4)))))
ORDER BY c.id LIMIT 1)sql",
                            candidate.shortcut, scope_name(candidate.scope), candidate.team_id, candidate.owner_id,
                            candidate.id);
  if (rows.empty()) return {};
  const std::string scope(rows.text(0, 1));
  const std::string where = scope == "team" ? "team '" + std::string(rows.text(0, 3)) + "'" : scope;
  return api::conflict("shortcut '" + candidate.shortcut + "' is already used by canned response " +
                       std::string(rows.text(0, 0)) + " ('" + std::string(rows.text(0, 2)) + "', " + where +
                       "), which the same agents would see");
}

std::int64_t save(storage::Connection& db, const CannedResponse& r) {
  if (r.id == 0) {
    return db
        .exec("INSERT INTO canned_responses (shortcut, title, scope, team_id, owner_id, translations) "
              "VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id",
              r.shortcut, r.title, scope_name(r.scope), r.team_id, r.owner_id, json_text(r.translations))
        .get<std::int64_t>(0, 0);
  }
  db.exec("UPDATE canned_responses SET shortcut = $2, title = $3, scope = $4, team_id = $5, translations = $6::jsonb, "
          "updated_at = now() WHERE id = $1",
          r.id, r.shortcut, r.title, scope_name(r.scope), r.team_id, json_text(r.translations));
  return r.id;
}

void remove(storage::Connection& db, std::int64_t id) { db.exec("DELETE FROM canned_responses WHERE id = $1", id); }

void record_use(storage::Connection& db, std::int64_t canned_id, std::int64_t message_id, std::int64_t agent_id) {
  db.exec("INSERT INTO canned_response_uses (canned_response_id, message_id, agent_id) "
          "VALUES ($1, $2, nullif($3, 0::bigint))",
          canned_id, message_id, agent_id);
}

}  // namespace frontdesk::canned
