// SPDX-License-Identifier: Apache-2.0
// What the scheduler does with one ticket at `now`: which sla.warning / sla.breached events
// to raise, which flags to set, and when to look at the ticket next.
//
// An event is raised only for a target still running (not met, not paused) when its time
// comes, and each flag is set once, so each (ticket, target) raises each event at most once
// per clock; a reopen starts a new resolution clock with fresh flags. A target met after
// its due time is marked breached without an event: nothing is left to escalate. A resolved
// or closed ticket owes no first response.
#pragma once

#include <optional>
#include <vector>

#include "sla/ticket_clock.hpp"

namespace frontdesk::sla {

struct TargetFlags {
  bool warned = false;
  bool breached = false;
};

struct SlaFlags {
  TargetFlags first_response;
  TargetFlags resolution;
};

enum class EventKind { warning, breached };

struct SlaEvent {
  Target target;
  EventKind kind;
  Instant due;  // the target's due time (for both kinds)
};

struct TimerPlan {
  std::vector<SlaEvent> events;         // in the order to write them
  SlaFlags flags;                       // after the events
  std::optional<Instant> next_check;    // none: nothing left to time
};

[[nodiscard]] TimerPlan plan_timers(const TicketClock& clock, SlaFlags flags, Instant now);

[[nodiscard]] const char* event_name(EventKind kind) noexcept;    // "sla.warning" / "sla.breached"
[[nodiscard]] const char* target_name(Target target) noexcept;    // "first_response" / "resolution"

}  // namespace frontdesk::sla
