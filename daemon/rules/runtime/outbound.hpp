// SPDX-License-Identifier: Apache-2.0
// Messages rules send: replies and survey questions to the customer (a messages row,
// delivery_status 'queued', plus an outbox row on the ticket's channel, in the event's
// transaction), and notifications to agents, teams (email) or webhooks (outbox channel
// 'webhook'; the body is the JSON described in docs/rules.md).
#pragma once

#include "rules/action.hpp"
#include "rules/runtime/action_context.hpp"

namespace frontdesk::rules::runtime {

// The value of a template token for ctx's ticket: a rule field or sla.*.
[[nodiscard]] std::string token_value(ActionContext& ctx, std::string_view token);

// False when the customer has no identity on the ticket's channel (nothing is written).
bool queue_reply(ActionContext& ctx, const Action& action);
void queue_notify(ActionContext& ctx, const Action& action);
// False when the ticket already had a survey (once per ticket) or no identity to send to.
bool queue_survey(ActionContext& ctx, const Action& action);

}  // namespace frontdesk::rules::runtime
