// SPDX-License-Identifier: Apache-2.0
// Ticket statuses and the one table of allowed status changes (seed 003's flow).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/expected.hpp"

namespace frontdesk::core {

enum class Status {
  open,
  assigned,
  in_progress,
  waiting_customer,
  waiting_internal,
  resolved,
  closed,
  reopened,
  escalated
};

template <>
struct EnumNames<Status> {
  static constexpr std::string_view type_name = "status";
  static constexpr std::array<std::string_view, 9> names{
      "open",     "assigned", "in_progress", "waiting_customer", "waiting_internal",
      "resolved", "closed",   "reopened",    "escalated"};
};
static_assert(to_string(Status::escalated) == "escalated");

[[nodiscard]] constexpr std::optional<Status> parse_status(std::string_view text) noexcept {
  return parse_enum<Status>(text);
}
[[nodiscard]] inline std::string_view status_values() { return valid_values<Status>(); }

struct Transition {
  Status from;
  Status to;
};

// Every allowed status change, and nothing else. A status never "changes" to itself.
//
//   open → assigned → in_progress → resolved → closed        (the main line)
//                          ↕
//          waiting_customer ↔ waiting_internal               (paused on someone)
//   resolved/closed → reopened → assigned/in_progress         (customer comes back)
//   most open states → escalated → assigned/in_progress/resolved
inline constexpr std::array<Transition, 35> status_transitions{{
    // The main line of seed 003: a new ticket is assigned to an agent, the agent starts
    // work, resolves the issue, and the ticket is closed.
    {Status::open, Status::assigned},
    {Status::assigned, Status::in_progress},
    {Status::in_progress, Status::resolved},
    {Status::resolved, Status::closed},

    // An agent picks an unassigned ticket from the dashboard queue and starts at once.
    {Status::open, Status::in_progress},

    // Work pauses on the customer or on another team, and resumes. A customer reply in
    // waiting_customer moves the ticket back to in_progress. A ticket waiting on one side
    // can start waiting on the other without resuming in between (the customer answered,
    // now billing must confirm; billing confirmed, now the customer must act).
    {Status::in_progress, Status::waiting_customer},
    {Status::waiting_customer, Status::in_progress},
    {Status::in_progress, Status::waiting_internal},
    {Status::waiting_internal, Status::in_progress},
    {Status::waiting_customer, Status::waiting_internal},
    {Status::waiting_internal, Status::waiting_customer},

    // The customer reopens a resolved or closed ticket (PUT /tickets/:id/reopen) ...
    {Status::resolved, Status::reopened},
    {Status::closed, Status::reopened},
    // ... and it goes back to an agent, the original one or a new one.
    {Status::reopened, Status::assigned},
    {Status::reopened, Status::in_progress},

    // Escalation to a senior agent or specialist, from any state where work is still
    // pending. A resolved ticket is reopened first; a closed one cannot be escalated.
    {Status::open, Status::escalated},
    {Status::assigned, Status::escalated},
    {Status::in_progress, Status::escalated},
    {Status::waiting_customer, Status::escalated},
    {Status::waiting_internal, Status::escalated},
    {Status::reopened, Status::escalated},
    // The escalated ticket is handed to its new owner, worked on, or resolved directly.
    {Status::escalated, Status::assigned},
    {Status::escalated, Status::in_progress},
    {Status::escalated, Status::resolved},

    // Resolving needs an agent who has the ticket: not from open (nobody has looked at
    // it), and in_progress/escalated are listed above. Resolving while waiting covers
    // "the customer solved it themselves" and "the other team fixed it".
    {Status::assigned, Status::resolved},
    {Status::waiting_customer, Status::resolved},
    {Status::waiting_internal, Status::resolved},
    {Status::reopened, Status::resolved},

    // An agent may close any ticket that is not closed yet (spam, duplicates, stale
    // tickets closed by rules); resolved → closed is on the main line above.
    {Status::open, Status::closed},
    {Status::assigned, Status::closed},
    {Status::in_progress, Status::closed},
    {Status::waiting_customer, Status::closed},
    {Status::waiting_internal, Status::closed},
    {Status::reopened, Status::closed},
    {Status::escalated, Status::closed},
}};

// True when status_transitions holds from → to.
[[nodiscard]] bool can_transition(Status from, Status to) noexcept;

// The statuses reachable from `from` in one step, in declaration order of Status.
[[nodiscard]] std::vector<Status> allowed_targets(Status from);

// Why a status change was refused. The API answers it with HTTP 409.
struct TransitionError {
  Status from;
  Status to;
  // "cannot change status from 'resolved' to 'in_progress' (allowed from 'resolved':
  // closed, reopened)"
  std::string message;
};

using TransitionResult = Expected<void, TransitionError>;

// Success when from → to is allowed; otherwise an error naming both statuses and the
// allowed targets. A change to the same status is refused too.
[[nodiscard]] TransitionResult check_transition(Status from, Status to);

// Everything but closed: the ticket still accepts work and counts as open in stats.
[[nodiscard]] bool is_open(Status status) noexcept;

// Counts toward an agent's workload (max concurrent tickets): assigned, in_progress,
// waiting_customer, waiting_internal, escalated, reopened.
[[nodiscard]] bool is_active(Status status) noexcept;

}  // namespace frontdesk::core
