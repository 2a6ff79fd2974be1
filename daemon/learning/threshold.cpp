// SPDX-License-Identifier: Apache-2.0
#include "learning/threshold.hpp"

#include <algorithm>

namespace frontdesk::learning {

ThresholdChoice choose_threshold(std::vector<Scored> scored, double target_precision, std::size_t min_applied) {
  ThresholdChoice out;
  out.held_out = scored.size();
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.confidence > b.confidence; });
  std::size_t correct = 0;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    correct += scored[i].correct ? 1 : 0;
    // A threshold sits between distinct confidences: all of a tie are in or out together.
    if (i + 1 < scored.size() && scored[i + 1].confidence == scored[i].confidence) continue;
    const std::size_t applied = i + 1;
    const double precision = static_cast<double>(correct) / static_cast<double>(applied);
    if (applied >= min_applied && precision >= target_precision) {
      out.reached = true;
      out.threshold = scored[i].confidence;
      out.precision = precision;
      out.coverage = static_cast<double>(applied) / static_cast<double>(scored.size());
    }
  }
  return out;
}

}  // namespace frontdesk::learning
