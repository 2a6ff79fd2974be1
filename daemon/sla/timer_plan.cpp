// SPDX-License-Identifier: Apache-2.0
#include "sla/timer_plan.hpp"

#include <algorithm>

namespace frontdesk::sla {

namespace {

void plan_target(Target target, const TargetClock& clock, bool stopped, TargetFlags& flags,
                 Instant now, TimerPlan& plan) {
  if (clock.met_at) {
    if (*clock.met_at > clock.due) flags.breached = true;
    return;
  }
  if (stopped) return;
  if (!flags.warned && now >= clock.warn_at && !flags.breached) {
    flags.warned = true;
    plan.events.push_back({target, EventKind::warning, clock.due});
  }
  if (!flags.breached && now >= clock.due) {
    flags.breached = true;
    plan.events.push_back({target, EventKind::breached, clock.due});
  }
  std::optional<Instant> next;
  if (!flags.warned && !flags.breached) next = clock.warn_at;
  else if (!flags.breached) next = clock.due;
  if (next) plan.next_check = plan.next_check ? std::min(*plan.next_check, *next) : *next;
}

}  // namespace

TimerPlan plan_timers(const TicketClock& clock, SlaFlags flags, Instant now) {
  TimerPlan plan;
  // A ticket resolved or closed without a reply owes no first response while it stays so.
  const bool resolved = clock.resolution.met_at.has_value();
  plan_target(Target::first_response, clock.first_response, clock.paused || resolved,
              flags.first_response, now, plan);
  plan_target(Target::resolution, clock.resolution, clock.paused, flags.resolution, now, plan);
  plan.flags = flags;
  return plan;
}

const char* event_name(EventKind kind) noexcept {
  return kind == EventKind::warning ? "sla.warning" : "sla.breached";
}

const char* target_name(Target target) noexcept {
  return target == Target::first_response ? "first_response" : "resolution";
}

}  // namespace frontdesk::sla
