// SPDX-License-Identifier: Apache-2.0
// Applies one compiled action to the ticket of the event being handled, in the event's
// transaction. Status changes go through core::check_transition; a change the status
// machine refuses is skipped with a log line, not an error.
#pragma once

#include "rules/runtime/action_context.hpp"

namespace frontdesk::rules::runtime {

void apply_action(ActionContext& ctx, const Action& action);

}  // namespace frontdesk::rules::runtime
