// SPDX-License-Identifier: Apache-2.0
#include "sla/ticket_clock.hpp"

#include <algorithm>

namespace frontdesk::sla {

Instant advance(const Calendar& calendar, Instant start, std::chrono::microseconds amount,
                const std::vector<Pause>& pauses) {
  Instant at = start;
  for (const Pause& p : pauses) {
    if (p.end <= at) continue;
    if (p.begin > at) {
      const Instant candidate = calendar.add(at, amount);
      if (candidate <= p.begin) return candidate;
      amount -= calendar.between(at, p.begin);
    }
    at = p.end;
  }
  return calendar.add(at, amount);
}

namespace {

// Pauses that began before the target was met: later waits do not move a met target.
std::vector<Pause> pauses_before(const std::vector<Pause>& pauses, const std::optional<Instant>& met) {
  if (!met) return pauses;
  std::vector<Pause> out;
  for (const Pause& p : pauses) {
    if (p.begin < *met) out.push_back({p.begin, std::min(p.end, *met)});
  }
  return out;
}

TargetClock target_clock(const Calendar& calendar, Instant started, std::chrono::microseconds target,
                         int warning_percent, const std::optional<Instant>& met,
                         const std::vector<Pause>& all_pauses) {
  const std::vector<Pause> pauses = pauses_before(all_pauses, met);
  TargetClock c;
  c.started = started;
  c.target = target;
  c.met_at = met;
  c.due = advance(calendar, started, target, pauses);
  c.warn_at = advance(calendar, started, target * warning_percent / 100, pauses);
  return c;
}

}  // namespace

TicketClock compute_clock(const TicketFacts& facts, const PolicySet& policies, Instant now) {
  TicketClock out;
  out.policy = &policies.select(facts.category, facts.tier);
  out.paused = facts.paused_since.has_value();
  std::vector<Pause> pauses = facts.pauses;
  if (facts.paused_since) pauses.push_back({*facts.paused_since, std::max(now, *facts.paused_since)});
  std::sort(pauses.begin(), pauses.end(), [](const Pause& a, const Pause& b) { return a.begin < b.begin; });
  const Calendar& calendar = *out.policy->calendar;
  const Targets& targets = out.policy->for_priority(facts.priority);
  out.first_response = target_clock(calendar, facts.created_at, targets.first_response,
                                    out.policy->warning_percent, facts.first_response_at, pauses);
  out.resolution = target_clock(calendar, facts.resolution_started_at, targets.resolution,
                                out.policy->warning_percent, facts.resolved_at, pauses);
  return out;
}

std::chrono::microseconds remaining(const TargetClock& clock, const Calendar& calendar,
                                    const TicketFacts& facts, Instant now) {
  Instant as_of = now;
  if (clock.met_at) {
    as_of = *clock.met_at;
  } else if (facts.paused_since) {
    as_of = std::min(now, *facts.paused_since);
  }
  as_of = std::max(as_of, clock.started);
  auto elapsed = calendar.between(clock.started, as_of);
  for (const Pause& p : facts.pauses) {
    elapsed -= calendar.between(std::max(p.begin, clock.started), std::min(p.end, as_of));
  }
  return clock.target - elapsed;
}

}  // namespace frontdesk::sla
