// SPDX-License-Identifier: Apache-2.0
// Macros: the rules with `on: manual` in the running rule set, listed for agents and run by
// one on a ticket (rules/runtime/macro_runner.hpp does the run).
#include "api/query_params.hpp"
#include "api/ticket_access.hpp"
#include "canned/endpoints.hpp"
#include "canned/routes.hpp"
#include "rules/rule_store.hpp"
#include "rules/runtime/macro_runner.hpp"

#include <boost/json/array.hpp>

#include <chrono>

namespace frontdesk::canned::endpoints {

namespace json = boost::json;

namespace {

json::array action_list(const std::vector<rules::Action>& actions) {
  json::array out;
  for (const auto& a : actions) out.emplace_back(a.describe());
  return out;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

api::Answer list_macros(api::Call& call) {
  const auto set = current_context().rules.current();
  json::array macros;
  for (const auto* rule : set->for_event(rules::Event::manual)) {
    macros.push_back(json::object{{"name", rule->name},
                                  {"conditional", rule->condition.has_value()},
                                  {"lua", rule->lua != nullptr},
                                  {"actions", action_list(rule->actions)}});
  }
  (void)call;
  api::Reply r;
  r.body["count"] = macros.size();
  r.body["macros"] = std::move(macros);
  return r;
}

api::Answer run_macro(api::Call& call) {
  const auto set = current_context().rules.current();
  const std::string& name = call.param(1);
  const rules::Rule* macro = set->find(name);
  if (macro == nullptr || macro->event != rules::Event::manual) return api::not_found("macro '" + name + "'");
  FD_TRY(const auto dry_run_text, api::query(call, "dryRun"));
  if (dry_run_text && *dry_run_text != "true" && *dry_run_text != "false") {
    return api::bad_query("dryRun: true or false");
  }
  const bool dry_run = dry_run_text == "true";
  FD_TRY(const auto ticket, api::find_ticket(call, call.param(0), true));
  FD_CHECK(api::require_workable(call, ticket));
  const auto run = rules::runtime::run_macro(call.db, *set, *macro, ticket.id, api::actor_of(call), now_ms(), dry_run);
  if (run.result == rules::runtime::MacroResult::no_ticket) return api::not_found("ticket");
  if (run.result == rules::runtime::MacroResult::not_applicable) {
    return api::conflict("macro '" + name + "' does not apply to ticket " + ticket.number + ": " + run.outcome.failed);
  }
  api::Reply r;
  r.body["macro"] = name;
  r.body["applied"] = !dry_run;
  r.body["actions"] = action_list(run.outcome.actions);
  if (!run.outcome.lua_error.empty()) r.body["luaError"] = run.outcome.lua_error;
  r.body["ticket"] = api::ticket_json(call, ticket.id, false);
  return r;
}

}  // namespace frontdesk::canned::endpoints
