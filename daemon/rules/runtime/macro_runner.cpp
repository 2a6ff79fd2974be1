// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/macro_runner.hpp"

#include "rules/lua_sandbox.hpp"
#include "rules/runtime/action_executor.hpp"
#include "rules/runtime/ticket_state.hpp"
#include "tickets/audit.hpp"

#include <boost/json/array.hpp>

#include <memory>

namespace frontdesk::rules::runtime {

namespace {

// One sandbox per thread that runs macros (the API's database threads), made on first use.
LuaSandbox& thread_sandbox() {
  thread_local std::unique_ptr<LuaSandbox> sandbox;
  if (!sandbox) sandbox = std::make_unique<LuaSandbox>();
  return *sandbox;
}

}  // namespace

MacroRun run_macro(storage::Connection& db, const RuleSet& set, const Rule& macro, std::int64_t ticket_id,
                   const tickets::Actor& by, std::int64_t now_ms, bool dry_run) {
  MacroRun run;
  Facts facts;
  facts[Field::event_name] = Value::of_text(std::string(event_name(Event::manual)));
  facts[Field::event_actor] = Value::of_text(std::string(by.kind_name()));
  facts[Field::event_depth] = Value::of_number(0);
  TicketState ticket;
  if (!load_ticket(db, ticket_id, std::nullopt, now_ms, ticket, facts)) {
    run.result = MacroResult::no_ticket;
    return run;
  }
  const EvaluateOptions options{true, macro.lua ? &thread_sandbox() : nullptr};
  run.outcome = *evaluate_rule(set, macro, facts, options);  // explain mode always answers
  if (!run.outcome.matched) {
    run.result = MacroResult::not_applicable;
    return run;
  }
  if (dry_run) return run;
  // The run by the agent, then the changes by the macro (depth 1, as a scheduled rule's).
  boost::json::array actions;
  for (const auto& a : run.outcome.actions) actions.emplace_back(a.describe());
  tickets::Actor agent = by;
  agent.rule = macro.name;
  tickets::record(db, agent, timestamp(now_ms),
                  tickets::AuditEvent{ticket.id, "macro.applied", nullptr, boost::json::value(macro.name),
                                      boost::json::object{{"macro", macro.name}, {"actions", std::move(actions)}}});
  ActionContext ctx{db, set, ticket, facts, macro, 1, now_ms};
  for (const auto& action : run.outcome.actions) apply_action(ctx, action);
  return run;
}

}  // namespace frontdesk::rules::runtime
