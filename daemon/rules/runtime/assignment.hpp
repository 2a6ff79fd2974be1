// SPDX-License-Identifier: Apache-2.0
// Choosing an agent for a ticket, and handing queued tickets to an agent who became
// free. Only `available` agents below their max concurrent tickets are chosen; their
// open-ticket counts come from agents.open_tickets (kept by 0003_workload.sql), never
// from counting tickets.
#pragma once

#include "rules/action.hpp"
#include "rules/runtime/action_context.hpp"

#include <cstdint>
#include <optional>

namespace frontdesk::rules::runtime {

// The agent `action` picks for ctx.ticket (locked FOR UPDATE SKIP LOCKED so concurrent
// assigners pick different agents), or nullopt when none qualifies.
[[nodiscard]] std::optional<std::int64_t> choose_agent(ActionContext& ctx, const Action& action);

// Hands the most urgent, oldest unassigned tickets to `agent` while it is available and
// under its limit. `depth` is recorded on the events raised. Returns tickets handed out.
int hand_out_queue(storage::Connection& db, std::int64_t agent, int depth, std::int64_t now_ms);

}  // namespace frontdesk::rules::runtime
