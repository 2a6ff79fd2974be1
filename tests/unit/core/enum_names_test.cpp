// SPDX-License-Identifier: Apache-2.0
#include "core/enum_names.hpp"
#include "core/ticket_enums.hpp"

#include <gtest/gtest.h>

namespace frontdesk::core {
namespace {

template <typename E>
void expect_round_trip() {
  for (const E value : enum_values<E>()) {
    EXPECT_EQ(parse_enum<E>(to_string(value)), value) << to_string(value);
  }
}

TEST(EnumNames, EveryEnumRoundTrips) {
  expect_round_trip<Priority>();
  expect_round_trip<Category>();
  expect_round_trip<ResolutionType>();
  expect_round_trip<Availability>();
  expect_round_trip<MessageAuthor>();
  expect_round_trip<Role>();
}

TEST(EnumNames, ValidValueLists) {
  EXPECT_EQ(priority_values(), "urgent, high, medium, low");
  EXPECT_EQ(category_values(),
            "account, booking, payment, technical, billing, complaint, feature_request, "
            "bug_report, general, other");
  EXPECT_EQ(resolution_type_values(),
            "solved, workaround, duplicate, cannot_reproduce, wont_fix, other");
  EXPECT_EQ(availability_values(), "available, busy, away, offline");
  EXPECT_EQ(message_author_values(), "customer, agent, admin, system");
  EXPECT_EQ(role_values(), "customer, agent, admin");
}

TEST(EnumNames, NamedParsers) {
  EXPECT_EQ(parse_priority("urgent"), Priority::urgent);
  EXPECT_EQ(parse_category("feature_request"), Category::feature_request);
  EXPECT_EQ(parse_resolution_type("cannot_reproduce"), ResolutionType::cannot_reproduce);
  EXPECT_EQ(parse_availability("away"), Availability::away);
  EXPECT_EQ(parse_message_author("system"), MessageAuthor::system);
  EXPECT_EQ(parse_role("admin"), Role::admin);
}

TEST(EnumNames, ParseIsExact) {
  EXPECT_FALSE(parse_priority("Urgent"));
  EXPECT_FALSE(parse_priority(" high"));
  EXPECT_FALSE(parse_priority(""));
  EXPECT_FALSE(parse_category("feature-request"));
  EXPECT_FALSE(parse_role("support"));  // seed 003's name for agents is not a token role
  EXPECT_FALSE(parse_availability("unknown"));
}

TEST(EnumNames, InvalidValueMessage) {
  EXPECT_EQ(invalid_value_message<Priority>("critical"),
            "invalid priority 'critical' (valid: urgent, high, medium, low)");
  EXPECT_EQ(invalid_value_message<ResolutionType>("fixed"),
            "invalid resolution type 'fixed' (valid: solved, workaround, duplicate, "
            "cannot_reproduce, wont_fix, other)");
}

TEST(EnumNames, OutOfRangeValue) { EXPECT_EQ(to_string(static_cast<Category>(99)), "unknown"); }

TEST(Priority, DefaultAndRank) {
  EXPECT_EQ(default_priority, Priority::medium);
  EXPECT_EQ(priority_rank(Priority::urgent), 0);
  EXPECT_EQ(priority_rank(Priority::high), 1);
  EXPECT_EQ(priority_rank(Priority::medium), 2);
  EXPECT_EQ(priority_rank(Priority::low), 3);
  EXPECT_TRUE(more_urgent(Priority::urgent, Priority::high));
  EXPECT_TRUE(more_urgent(Priority::medium, Priority::low));
  EXPECT_FALSE(more_urgent(Priority::low, Priority::medium));
  EXPECT_FALSE(more_urgent(Priority::high, Priority::high));
}

TEST(Priority, SortingByRankPutsUrgentFirst) {
  std::vector<Priority> queue{Priority::low, Priority::urgent, Priority::medium, Priority::high,
                              Priority::urgent};
  std::stable_sort(queue.begin(), queue.end(), more_urgent);
  EXPECT_EQ(queue, (std::vector<Priority>{Priority::urgent, Priority::urgent, Priority::high,
                                          Priority::medium, Priority::low}));
}

}  // namespace
}  // namespace frontdesk::core
