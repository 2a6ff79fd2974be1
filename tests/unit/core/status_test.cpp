// SPDX-License-Identifier: Apache-2.0
#include "core/status.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace frontdesk::core {
namespace {

using enum Status;

// The expected graph, written out independently of status_transitions: one row per
// status listing every target it may move to.
const std::set<std::pair<Status, Status>>& expected_transitions() {
  static const std::set<std::pair<Status, Status>> pairs = [] {
    std::set<std::pair<Status, Status>> out;
    const auto row = [&out](Status from, std::initializer_list<Status> targets) {
      for (const Status to : targets) {
        out.emplace(from, to);
      }
    };
    row(open, {assigned, in_progress, escalated, closed});
    row(assigned, {in_progress, escalated, resolved, closed});
    row(in_progress, {waiting_customer, waiting_internal, escalated, resolved, closed});
    row(waiting_customer, {in_progress, waiting_internal, escalated, resolved, closed});
    row(waiting_internal, {in_progress, waiting_customer, escalated, resolved, closed});
    row(resolved, {closed, reopened});
    row(closed, {reopened});
    row(reopened, {assigned, in_progress, escalated, resolved, closed});
    row(escalated, {assigned, in_progress, resolved, closed});
    return out;
  }();
  return pairs;
}

TEST(Status, NamesRoundTrip) {
  for (const Status status : enum_values<Status>()) {
    EXPECT_EQ(parse_status(to_string(status)), status) << to_string(status);
  }
  EXPECT_EQ(to_string(waiting_customer), "waiting_customer");
  EXPECT_EQ(parse_status("in_progress"), in_progress);
  EXPECT_FALSE(parse_status("In_Progress"));
  EXPECT_FALSE(parse_status("pending"));
  EXPECT_FALSE(parse_status(""));
  EXPECT_EQ(status_values(),
            "open, assigned, in_progress, waiting_customer, waiting_internal, resolved, closed, "
            "reopened, escalated");
}

TEST(Status, EveryPairMatchesTheExpectedGraph) {
  int allowed = 0;
  for (const Status from : enum_values<Status>()) {
    for (const Status to : enum_values<Status>()) {
      const bool expected = expected_transitions().contains({from, to});
      EXPECT_EQ(can_transition(from, to), expected) << to_string(from) << " -> " << to_string(to);
      EXPECT_EQ(check_transition(from, to).has_value(), expected)
          << to_string(from) << " -> " << to_string(to);
      allowed += expected ? 1 : 0;
    }
  }
  EXPECT_EQ(allowed, 35);
  EXPECT_EQ(status_transitions.size(), expected_transitions().size());
}

TEST(Status, TableHasNoDuplicatesOrSelfTransitions) {
  std::set<std::pair<Status, Status>> seen;
  for (const Transition& t : status_transitions) {
    EXPECT_NE(t.from, t.to) << to_string(t.from);
    EXPECT_TRUE(seen.emplace(t.from, t.to).second)
        << "duplicate " << to_string(t.from) << " -> " << to_string(t.to);
  }
}

TEST(Status, SameStatusIsNotATransition) {
  for (const Status status : enum_values<Status>()) {
    EXPECT_FALSE(can_transition(status, status)) << to_string(status);
    const TransitionResult result = check_transition(status, status);
    ASSERT_FALSE(result) << to_string(status);
    EXPECT_NE(result.error().message.find("already has that status"), std::string::npos);
  }
  EXPECT_EQ(check_transition(open, open).error().message,
            "cannot change status from 'open' to 'open': the ticket already has that status "
            "(allowed from 'open': assigned, in_progress, closed, escalated)");
}

TEST(Status, RefusalNamesBothStatusesAndTheAllowedTargets) {
  const TransitionResult result = check_transition(resolved, in_progress);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().from, resolved);
  EXPECT_EQ(result.error().to, in_progress);
  EXPECT_EQ(result.error().message,
            "cannot change status from 'resolved' to 'in_progress' (allowed from 'resolved': "
            "closed, reopened)");
  EXPECT_EQ(check_transition(closed, escalated).error().message,
            "cannot change status from 'closed' to 'escalated' (allowed from 'closed': "
            "reopened)");
}

TEST(Status, AllowedTargetsFollowTheTable) {
  EXPECT_EQ(allowed_targets(closed), std::vector<Status>{reopened});
  EXPECT_EQ(allowed_targets(resolved), (std::vector<Status>{closed, reopened}));
  EXPECT_EQ(allowed_targets(escalated),
            (std::vector<Status>{assigned, in_progress, resolved, closed}));
}

TEST(Status, Seed003Workflows) {
  // Example 1: created, assigned, worked, waits on the customer, resolved, closed.
  const std::vector<Status> happy{open,        assigned, in_progress, waiting_customer,
                                  in_progress, resolved, closed};
  for (std::size_t i = 1; i < happy.size(); ++i) {
    EXPECT_TRUE(check_transition(happy[i - 1], happy[i]))
        << to_string(happy[i - 1]) << " -> " << to_string(happy[i]);
  }
  // Example 2: escalation to a senior agent who resolves it.
  EXPECT_TRUE(can_transition(in_progress, escalated));
  EXPECT_TRUE(can_transition(escalated, assigned));
  // Example 3: the customer reopens; the ticket is reassigned.
  EXPECT_TRUE(can_transition(closed, reopened));
  EXPECT_TRUE(can_transition(reopened, assigned));
  // Shortcuts that are not allowed.
  EXPECT_FALSE(can_transition(open, resolved));
  EXPECT_FALSE(can_transition(closed, open));
  EXPECT_FALSE(can_transition(resolved, in_progress));
}

TEST(Status, OpenAndActive) {
  for (const Status status : enum_values<Status>()) {
    EXPECT_EQ(is_open(status), status != closed) << to_string(status);
  }
  const std::set<Status> active{assigned,         in_progress, waiting_customer,
                                waiting_internal, escalated,   reopened};
  for (const Status status : enum_values<Status>()) {
    EXPECT_EQ(is_active(status), active.contains(status)) << to_string(status);
  }
}

TEST(Status, OutOfRangeValueIsNeverAllowed) {
  const auto bogus = static_cast<Status>(42);
  EXPECT_FALSE(can_transition(open, bogus));
  EXPECT_FALSE(can_transition(bogus, open));
  EXPECT_EQ(to_string(bogus), "unknown");
}

}  // namespace
}  // namespace frontdesk::core
