// SPDX-License-Identifier: Apache-2.0
#pragma once
// Canned responses in the database: who sees which (visibility), their JSON with usage, the
// shortcut rule, and the use counted when a message is sent with one.
//
// Visibility: a global response is every agent's, a team response its team members', a
// personal one its owner's; an admin sees them all. Two responses clash when one agent would
// see both under the same shortcut.
#include "api/problem.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::canned {

// Who looks: an agent (agent_id 0: the bootstrap admin, who is no agent) and whether an admin.
struct Viewer {
  std::int64_t agent_id = 0;
  bool admin = false;
};

enum class Scope { personal, team, global };
[[nodiscard]] std::string_view scope_name(Scope scope);
[[nodiscard]] std::optional<Scope> parse_scope(std::string_view text);

// A response as the rules of rights and rendering need it.
struct CannedResponse {
  std::int64_t id = 0;
  std::string shortcut;
  std::string title;
  Scope scope = Scope::personal;
  std::optional<std::int64_t> team_id;
  std::optional<std::int64_t> owner_id;
  std::map<std::string, std::string> translations;  // locale → body
};

// The response if `viewer` may see it (locked FOR UPDATE when `lock`); nullopt otherwise, so
// another agent's personal response is as absent as one that does not exist.
std::optional<CannedResponse> find_visible(storage::Connection& db, std::int64_t id, const Viewer& viewer, bool lock);

// The API JSON of a response (it exists).
boost::json::value response_json(storage::Connection& db, std::int64_t id);

struct ListFilter {
  std::optional<std::string> q;  // part of the shortcut or the title, any case
  std::optional<Scope> scope;
  std::optional<std::int64_t> team_id;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};
struct Listed {
  boost::json::array responses;
  std::int64_t total = 0;
};
// The responses `viewer` sees, shortcuts starting with q first, then by shortcut.
Listed list_visible(storage::Connection& db, const Viewer& viewer, const ListFilter& filter);

// True when agent_id is a member of the team.
bool is_member(storage::Connection& db, std::int64_t agent_id, std::int64_t team_id);
bool team_exists(storage::Connection& db, std::int64_t team_id);

// 409 naming the response one agent would see beside `candidate` under its shortcut.
// Serialises shortcut writes for the rest of the transaction (an advisory lock), so two
// concurrent creates cannot both pass.
api::Result<> require_free_shortcut(storage::Connection& db, const CannedResponse& candidate);

// Inserts (id 0) or updates the response; returns its id.
std::int64_t save(storage::Connection& db, const CannedResponse& response);
void remove(storage::Connection& db, std::int64_t id);

// Counts one use: `message_id` was sent with the response by `agent_id` (0: the bootstrap admin).
void record_use(storage::Connection& db, std::int64_t canned_id, std::int64_t message_id, std::int64_t agent_id);

}  // namespace frontdesk::canned
