// SPDX-License-Identifier: Apache-2.0
#include "sla/ticket_clock.hpp"
#include "sla/timer_plan.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

namespace frontdesk::sla {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

using testing::at;
using testing::iso;

// Seed targets on Mon-Fri 09:00-17:00 UTC.
PolicySet office_policies() {
  std::vector<std::vector<OpeningSpan>> week(7);
  for (int d = 1; d <= 5; ++d) week[d] = {{9 * 60, 17 * 60}};
  Policy p = builtin_default_policy();
  p.name = "office";
  p.calendar = std::make_shared<const Calendar>("office", date::locate_zone("UTC"), week,
                                                std::set<date::local_days>{});
  return PolicySet({p});
}

TicketFacts ticket(core::Priority priority, const std::string& created) {
  TicketFacts f;
  f.priority = priority;
  f.created_at = at(created);
  f.resolution_started_at = f.created_at;
  return f;
}

TEST(TicketClock, UrgentOnTheDefaultPolicy) {
  const PolicySet policies;
  const auto f = ticket(core::Priority::urgent, "2026-01-05T10:00:00Z");
  const TicketClock c = compute_clock(f, policies, f.created_at);
  EXPECT_EQ(c.policy->name, "default");
  EXPECT_EQ(iso(c.first_response.warn_at), "2026-01-05T10:12:00Z");
  EXPECT_EQ(iso(c.first_response.due), "2026-01-05T10:15:00Z");
  EXPECT_EQ(iso(c.resolution.warn_at), "2026-01-05T11:36:00Z");
  EXPECT_EQ(iso(c.resolution.due), "2026-01-05T12:00:00Z");
}

TEST(TicketClock, PauseSpanningAWeekendPushesDueTimesOut) {
  const PolicySet policies = office_policies();
  // Medium: 1h / 8h business. Created Friday 15:00; waits on the customer from Friday 15:30
  // to Monday 10:00. Before the pause 30 min of each target ran; on Monday 09:00-10:00 is
  // paused too, so the clocks resume at 10:00.
  auto f = ticket(core::Priority::medium, "2026-01-09T15:00:00Z");
  f.pauses = {{at("2026-01-09T15:30:00Z"), at("2026-01-12T10:00:00Z")}};
  const TicketClock c = compute_clock(f, policies, at("2026-01-12T10:00:00Z"));
  EXPECT_EQ(iso(c.first_response.due), "2026-01-12T10:30:00Z");
  // 8h = 30 min Friday + 7h from Monday 10:00 (to 17:00) + 30 min Tuesday.
  EXPECT_EQ(iso(c.resolution.due), "2026-01-13T09:30:00Z");
  EXPECT_EQ(remaining(c.first_response, *c.policy->calendar, f, at("2026-01-12T10:10:00Z")), minutes(20));
}

TEST(TicketClock, OngoingPauseFreezesRemainingAndNoTimerRuns) {
  const PolicySet policies;
  auto f = ticket(core::Priority::urgent, "2026-01-05T10:00:00Z");
  f.paused_since = at("2026-01-05T10:05:00Z");
  const auto now = at("2026-01-05T11:00:00Z");
  const TicketClock c = compute_clock(f, policies, now);
  // As if the clock restarted now: 10 minutes of first response left.
  EXPECT_EQ(iso(c.first_response.due), "2026-01-05T11:10:00Z");
  EXPECT_EQ(remaining(c.first_response, *c.policy->calendar, f, now), minutes(10));
  const TimerPlan plan = plan_timers(c, {}, now);
  EXPECT_TRUE(plan.events.empty());
  EXPECT_FALSE(plan.next_check.has_value());
}

TEST(TicketClock, PriorityChangeMidFlightMeasuresFromTheStart) {
  const PolicySet policies = office_policies();
  auto f = ticket(core::Priority::low, "2026-01-05T10:00:00Z");
  EXPECT_EQ(iso(compute_clock(f, policies, f.created_at).first_response.due), "2026-01-05T12:00:00Z");
  // Raised to urgent at 10:20: the urgent target (15 min) is already overdue.
  f.priority = core::Priority::urgent;
  const auto now = at("2026-01-05T10:20:00Z");
  const TicketClock c = compute_clock(f, policies, now);
  EXPECT_EQ(iso(c.first_response.due), "2026-01-05T10:15:00Z");
  EXPECT_EQ(remaining(c.first_response, *c.policy->calendar, f, now), -minutes(5));
  const TimerPlan plan = plan_timers(c, {}, now);
  ASSERT_EQ(plan.events.size(), 2U);
  EXPECT_EQ(plan.events[0].kind, EventKind::warning);
  EXPECT_EQ(plan.events[1].kind, EventKind::breached);
  EXPECT_EQ(plan.events[1].target, Target::first_response);
  EXPECT_TRUE(plan.flags.first_response.breached);
  EXPECT_EQ(iso(*plan.next_check), "2026-01-05T11:36:00Z");  // the resolution warning
}

TEST(TimerPlan, EachEventOnceThenTheNextTimer) {
  const PolicySet policies;
  const auto f = ticket(core::Priority::urgent, "2026-01-05T10:00:00Z");
  SlaFlags flags;
  auto plan = plan_timers(compute_clock(f, policies, f.created_at), flags, f.created_at);
  EXPECT_TRUE(plan.events.empty());
  EXPECT_EQ(iso(*plan.next_check), "2026-01-05T10:12:00Z");

  auto now = at("2026-01-05T10:12:00Z");
  plan = plan_timers(compute_clock(f, policies, now), plan.flags, now);
  ASSERT_EQ(plan.events.size(), 1U);
  EXPECT_EQ(plan.events[0].kind, EventKind::warning);
  EXPECT_EQ(iso(plan.events[0].due), "2026-01-05T10:15:00Z");
  EXPECT_EQ(iso(*plan.next_check), "2026-01-05T10:15:00Z");

  plan = plan_timers(compute_clock(f, policies, now), plan.flags, now);
  EXPECT_TRUE(plan.events.empty()) << "the same instant again raises nothing";

  now = at("2026-01-05T10:15:00Z");
  plan = plan_timers(compute_clock(f, policies, now), plan.flags, now);
  ASSERT_EQ(plan.events.size(), 1U);
  EXPECT_EQ(plan.events[0].kind, EventKind::breached);
  EXPECT_EQ(iso(*plan.next_check), "2026-01-05T11:36:00Z");
}

TEST(TimerPlan, MetTargetsStopAndLateOnesAreMarked) {
  const PolicySet policies;
  auto f = ticket(core::Priority::urgent, "2026-01-05T10:00:00Z");
  f.first_response_at = at("2026-01-05T10:20:00Z");
  auto now = at("2026-01-05T10:30:00Z");
  auto plan = plan_timers(compute_clock(f, policies, now), {}, now);
  EXPECT_TRUE(plan.events.empty());
  EXPECT_TRUE(plan.flags.first_response.breached);
  EXPECT_EQ(iso(*plan.next_check), "2026-01-05T11:36:00Z");

  f.resolved_at = at("2026-01-05T11:00:00Z");
  plan = plan_timers(compute_clock(f, policies, now), {}, now);
  EXPECT_FALSE(plan.flags.resolution.breached);
  EXPECT_FALSE(plan.next_check.has_value());
}

TEST(TimerPlan, ReopenRestartsTheResolutionClock) {
  const PolicySet policies;
  auto f = ticket(core::Priority::high, "2026-01-05T10:00:00Z");
  f.first_response_at = at("2026-01-05T10:05:00Z");
  f.resolution_started_at = at("2026-01-06T09:00:00Z");  // reopened then
  const auto c = compute_clock(f, policies, f.resolution_started_at);
  EXPECT_EQ(iso(c.resolution.due), "2026-01-06T13:00:00Z");
}

}  // namespace
}  // namespace frontdesk::sla
