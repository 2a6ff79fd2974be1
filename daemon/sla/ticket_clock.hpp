// SPDX-License-Identifier: Apache-2.0
// One ticket's SLA clock, computed from the facts the database keeps about it: when each
// target's clock started, when it was met, and when the ticket waited on the customer.
//
// Due times are recomputed from these facts whenever they change, so a priority change
// mid-flight gives the new priority's targets measured from the original start, and a pause
// pushes both due times out by the business time it covered.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ticket_enums.hpp"
#include "sla/calendar.hpp"
#include "sla/policy.hpp"

namespace frontdesk::sla {

struct Pause {
  Instant begin;
  Instant end;
};

struct TicketFacts {
  core::Priority priority = core::Priority::medium;
  std::string category = "general";
  std::string tier = "standard";
  Instant created_at;
  Instant resolution_started_at;  // created_at, or the last reopen
  std::optional<Instant> first_response_at;
  std::optional<Instant> resolved_at;  // resolved, or closed without being resolved
  std::vector<Pause> pauses;           // finished waits on the customer, in order
  std::optional<Instant> paused_since;  // waiting on the customer now
};

enum class Target { first_response, resolution };

struct TargetClock {
  Instant started;
  Instant warn_at;
  Instant due;
  std::optional<Instant> met_at;
  std::chrono::microseconds target{0};
};

struct TicketClock {
  const Policy* policy = nullptr;
  TargetClock first_response;
  TargetClock resolution;
  bool paused = false;
};

// Due and warning times as of `now`; an ongoing pause is taken to end at `now`, so the due
// times shown while paused are where they will be if the clock restarts at once.
[[nodiscard]] TicketClock compute_clock(const TicketFacts& facts, const PolicySet& policies, Instant now);

// Business time left before the target is due (negative once overdue), as of `now`; frozen
// while paused.
[[nodiscard]] std::chrono::microseconds remaining(const TargetClock& clock, const Calendar& calendar,
                                                  const TicketFacts& facts, Instant now);

// The instant at which `amount` of unpaused business time has passed since `start`.
[[nodiscard]] Instant advance(const Calendar& calendar, Instant start, std::chrono::microseconds amount,
                              const std::vector<Pause>& pauses);

}  // namespace frontdesk::sla
