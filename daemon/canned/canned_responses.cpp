// SPDX-License-Identifier: Apache-2.0
// The canned-response API: list, create, read, change, delete, with the rights of
// docs/canned-responses.md (agents make personal ones, team ones for their own teams, admins
// anything; only the owner or an admin changes one).
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "canned/endpoints.hpp"
#include "canned/reply_text.hpp"
#include "core/locale.hpp"

#include <boost/json/value.hpp>

#include <regex>

namespace frontdesk::canned::endpoints {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxBody = 16 * 1024;
constexpr std::size_t kMaxTranslations = 20;

Viewer viewer_of(const api::Call& call) { return Viewer{call.principal.agent_id, call.admin()}; }

api::Result<> check_shortcut(const std::string& shortcut) {
  static const std::regex kShortcut("[a-z0-9][a-z0-9_.-]{0,63}");
  if (!std::regex_match(shortcut, kShortcut)) {
    return api::invalid("shortcut: 1 to 64 lower-case letters, digits, '_', '-' or '.', starting with a letter or "
                        "digit (got '" + shortcut + "')");
  }
  return {};
}

api::Result<std::string> check_title(const std::string& title) {
  if (title.find_first_not_of(" \t\r\n") == std::string::npos) return api::invalid("title must not be blank");
  return title;
}

// {"en": "body", ...}: at least one, each locale a language tag (normalised), each body
// non-blank text whose placeholders replies have.
api::Result<std::map<std::string, std::string>> parse_translations(const json::value& value) {
  if (!value.is_object() || value.get_object().empty() || value.get_object().size() > kMaxTranslations) {
    return api::invalid("translations must be an object of 1 to 20 locale: body pairs, e.g. {\"en\": \"Hi\"}");
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, body] : value.get_object()) {
    const auto locale = core::normalize_locale(key);
    if (!locale) return api::invalid("translations: '" + std::string(key) + "' is not a language tag such as en or pt-BR");
    const std::string field = "translations." + *locale;
    if (!body.is_string()) return api::invalid(field + " must be a string");
    const std::string text(body.get_string());
    if (text.size() > kMaxBody) return api::invalid(field + " is longer than " + std::to_string(kMaxBody) + " bytes");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return api::invalid(field + " must not be blank");
    FD_CHECK(check_reply_placeholders(text, field));
    if (!out.emplace(*locale, text).second) return api::invalid("translations: " + *locale + " is given twice");
  }
  return out;
}

// The caller's right to hold a response of `r.scope` (and r.team_id): 403 or 422.
api::Result<> check_scope_right(api::Call& call, const CannedResponse& r) {
  switch (r.scope) {
    case Scope::global:
      if (!call.admin()) return api::forbidden("only an admin may make a global canned response");
      break;
    case Scope::team:
      if (!r.team_id) return api::invalid("teamId is required for scope team");
      if (!team_exists(call.db, *r.team_id)) return api::invalid("teamId: no team " + std::to_string(*r.team_id));
      if (!call.admin() && !is_member(call.db, call.principal.agent_id, *r.team_id)) {
        return api::forbidden("only members of team " + std::to_string(*r.team_id) + " (or an admin) may make its "
                              "canned responses");
      }
      break;
    case Scope::personal:
      if (!r.owner_id) return api::invalid("a personal canned response belongs to an agent; this token has none");
      break;
  }
  if (r.scope != Scope::team && r.team_id) return api::invalid("teamId is only for scope team");
  return {};
}

// Applies the body's fields to `r` (all of them required when creating).
api::Result<> apply_body(api::Call& call, CannedResponse& r, bool creating) {
  FD_TRY(const auto body,
         api::JsonBody::parse(call.request.body, {"shortcut", "title", "scope", "teamId", "translations"}));
  FD_TRY(const auto shortcut, body.string("shortcut", 64));
  FD_TRY(const auto title, body.string("title", 200));
  FD_TRY(const auto scope_text, body.string("scope", 16));
  FD_TRY(const auto team_id, body.id("teamId"));
  if (creating && !shortcut) return api::invalid("shortcut is required");
  if (creating && !title) return api::invalid("title is required");
  if (creating && !body.raw("translations")) return api::invalid("translations is required");
  if (shortcut) {
    FD_CHECK(check_shortcut(*shortcut));
    r.shortcut = *shortcut;
  }
  if (title) {
    FD_TRY(r.title, check_title(*title));
  }
  if (scope_text) {
    const auto scope = parse_scope(*scope_text);
    if (!scope) return api::invalid("scope: '" + *scope_text + "' is not one of personal, team, global");
    r.scope = *scope;
    if (!body.has("teamId")) r.team_id.reset();  // a new scope takes its team from the body
  }
  if (body.has("teamId")) r.team_id = team_id;
  if (const auto* t = body.raw("translations"); t && !t->is_null()) {
    FD_TRY(r.translations, parse_translations(*t));
  }
  FD_CHECK(check_scope_right(call, r));
  return {};
}

// The response named by the path, if the caller sees it; changing it needs its owner or an admin.
api::Result<CannedResponse> find_for(api::Call& call, bool to_change) {
  const auto id = api::parse_id(call.param(0));
  auto found = id ? find_visible(call.db, *id, viewer_of(call), to_change) : std::nullopt;
  if (!found) return api::not_found("canned response");
  if (to_change && !call.admin() && found->owner_id != call.principal.agent_id) {
    return api::forbidden("only the owner of canned response " + std::to_string(found->id) + " or an admin may change it");
  }
  return std::move(*found);
}

}  // namespace

api::Answer list_canned(api::Call& call) {
  ListFilter filter;
  FD_TRY(filter.q, api::query(call, "q"));
  FD_TRY(const auto scope, api::query(call, "scope"));
  if (scope) {
    filter.scope = parse_scope(*scope);
    if (!filter.scope) return api::bad_query("scope: '" + *scope + "' is not one of personal, team, global");
  }
  FD_TRY(const auto team, api::query_int(call, "teamId", 0, 0, INT64_MAX));
  if (team > 0) filter.team_id = team;
  FD_TRY(const auto page, api::query_int(call, "page", 1, 1, 100000));
  FD_TRY(filter.limit, api::query_int(call, "limit", 50, 1, 100));
  filter.offset = (page - 1) * filter.limit;
  auto listed = list_visible(call.db, viewer_of(call), filter);
  api::Reply r;
  r.body["cannedResponses"] = std::move(listed.responses);
  r.body["pagination"] = json::object{{"page", page}, {"limit", filter.limit}, {"total", listed.total}};
  return r;
}

api::Answer create_canned(api::Call& call) {
  CannedResponse r;
  if (call.principal.agent_id > 0) r.owner_id = call.principal.agent_id;
  FD_CHECK(apply_body(call, r, true));
  FD_CHECK(require_free_shortcut(call.db, r));
  const auto id = save(call.db, r);
  return api::created("cannedResponse", response_json(call.db, id));
}

api::Answer get_canned(api::Call& call) {
  FD_TRY(const auto found, find_for(call, false));
  api::Reply r;
  r.body["cannedResponse"] = response_json(call.db, found.id);
  return r;
}

api::Answer update_canned(api::Call& call) {
  FD_TRY(auto found, find_for(call, true));
  FD_CHECK(apply_body(call, found, false));
  FD_CHECK(require_free_shortcut(call.db, found));
  save(call.db, found);
  api::Reply r;
  r.body["cannedResponse"] = response_json(call.db, found.id);
  return r;
}

api::Answer delete_canned(api::Call& call) {
  FD_TRY(const auto found, find_for(call, true));
  remove(call.db, found.id);
  api::Reply r;
  r.body["deleted"] = found.id;
  return r;
}

}  // namespace frontdesk::canned::endpoints
