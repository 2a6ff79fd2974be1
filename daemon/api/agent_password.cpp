// SPDX-License-Identifier: Apache-2.0
// PUT /api/v1/support/agents/:id/password {password, currentPassword?}: an admin sets anyone's,
// an agent their own with the current one (`frontdesk agent passwd EMAIL` calls it too).
#include "api/endpoint_functions.hpp"

#include "api/json_body.hpp"
#include "security/password.hpp"
#include "storage/connection.hpp"

namespace frontdesk::api::endpoints_impl {

Answer set_agent_password(Call& call) {
  const auto agent = parse_id(call.param(0));
  if (!agent) return not_found("agent");
  const bool own = call.principal.agent_id == *agent;
  if (!call.admin() && !own) return forbidden("an agent sets only their own password");
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"password", "currentPassword"}));
  FD_TRY(const auto password, body.required_string("password", 1024));
  FD_TRY(const auto current, body.string("currentPassword", 1024));
  if (const auto why = security::password_problem(password); !why.empty()) return invalid("password: " + why);
  auto row = call.db.exec("SELECT password_hash FROM agents WHERE id = $1 FOR UPDATE", *agent);
  if (row.rows() == 0) return not_found("agent");
  if (!call.admin()) {
    const bool proven = !row.is_null(0, 0) && current && security::verify_password(row.text(0, 0), *current);
    if (!proven) return forbidden("currentPassword is wrong");
  }
  call.db.exec("UPDATE agents SET password_hash = $2 WHERE id = $1", *agent, security::hash_password(password));
  // A new password ends every other session of the agent (a stolen cookie among them).
  call.db.exec("UPDATE sessions SET revoked_at = now() WHERE agent_id = $1 AND id <> $2 AND revoked_at IS NULL",
               *agent, own ? call.principal.session_id : 0);
  Reply reply;
  reply.body["passwordSet"] = true;
  return reply;
}

}  // namespace frontdesk::api::endpoints_impl
