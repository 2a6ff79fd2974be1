// SPDX-License-Identifier: Apache-2.0
// Macros: rules with `on: manual`, run by an agent on one ticket, in the caller's transaction.
// The actions are the rules' own (apply_action through an ActionContext), so their changes
// and audit events are those any rule makes, with the macro's name as the rule; the run
// itself is recorded as a `macro.applied` event by the agent who asked.
#pragma once

#include "rules/evaluator.hpp"
#include "tickets/actor.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::rules::runtime {

enum class MacroResult { applied, not_applicable, no_ticket };

struct MacroRun {
  MacroResult result = MacroResult::applied;
  RuleOutcome outcome;  // what the rule decided (failed: the condition that did not hold)
};

// Evaluates `macro` (a rule with event manual) on the ticket, locked, and unless `dry_run`
// applies its actions. A Lua macro runs in this thread's sandbox.
MacroRun run_macro(storage::Connection& db, const RuleSet& set, const Rule& macro, std::int64_t ticket_id,
                   const tickets::Actor& by, std::int64_t now_ms, bool dry_run);

}  // namespace frontdesk::rules::runtime
