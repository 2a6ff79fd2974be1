// SPDX-License-Identifier: Apache-2.0
#pragma once
// The confidence above which a model's label may be applied without an agent: chosen on
// held-out examples (never trained on) as the lowest threshold at which the predictions at or
// above it are at least as precise as asked (DESIGN.md: ≥ 95%). Pure.
#include <cstddef>
#include <vector>

namespace frontdesk::learning {

struct Scored {
  double confidence = 0;
  bool correct = false;
};

struct ThresholdChoice {
  bool reached = false;   // false: no threshold reaches the precision; the model only suggests
  double threshold = 1;   // apply labels at or above it (meaningful when reached)
  double precision = 0;   // of the held-out predictions at or above it
  double coverage = 0;    // the share of held-out examples at or above it
  std::size_t held_out = 0;
};

// `min_applied`: a threshold must keep at least this many held-out predictions, so that a
// handful of lucky guesses does not pass for precision.
[[nodiscard]] ThresholdChoice choose_threshold(std::vector<Scored> scored, double target_precision = 0.95,
                                               std::size_t min_applied = 20);

}  // namespace frontdesk::learning
