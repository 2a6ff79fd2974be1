// SPDX-License-Identifier: Apache-2.0
// The auto-apply threshold: the lowest confidence whose predictions at or above it are precise
// enough on held-out examples.
#include "learning/threshold.hpp"

#include <gtest/gtest.h>

namespace frontdesk::learning {
namespace {

TEST(Threshold, LowestConfidenceThatKeepsThePrecision) {
  std::vector<Scored> scored;
  for (int i = 0; i < 40; ++i) scored.push_back({0.9, true});   // sure and right
  for (int i = 0; i < 19; ++i) scored.push_back({0.6, true});   // less sure, mostly right
  scored.push_back({0.6, false});
  for (int i = 0; i < 10; ++i) scored.push_back({0.3, i % 2 == 0});  // a coin toss
  const auto t = choose_threshold(scored, 0.95, 20);
  ASSERT_TRUE(t.reached);
  EXPECT_EQ(t.threshold, 0.6);
  EXPECT_NEAR(t.precision, 59.0 / 60.0, 1e-9);
  EXPECT_NEAR(t.coverage, 60.0 / 70.0, 1e-9);
  EXPECT_EQ(t.held_out, 70u);
}

TEST(Threshold, TiesAreInOrOutTogether) {
  // At 0.8 the first 20 would be 100% precise alone, but the tie brings 5 wrong ones along.
  std::vector<Scored> scored(20, {0.8, true});
  for (int i = 0; i < 5; ++i) scored.push_back({0.8, false});
  const auto t = choose_threshold(scored, 0.95, 20);
  EXPECT_FALSE(t.reached);
}

TEST(Threshold, TooFewOrTooWrongReachNothing) {
  EXPECT_FALSE(choose_threshold(std::vector<Scored>(19, {0.99, true}), 0.95, 20).reached)
      << "19 lucky guesses are no evidence";
  EXPECT_FALSE(choose_threshold({}, 0.95, 20).reached);
  std::vector<Scored> wrong(100, {0.9, false});
  EXPECT_FALSE(choose_threshold(wrong, 0.95, 20).reached);
}

}  // namespace
}  // namespace frontdesk::learning
