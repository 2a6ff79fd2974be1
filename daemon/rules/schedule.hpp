// SPDX-License-Identifier: Apache-2.0
// When a scheduled rule runs: `every: 1h` or a five-field cron line (UTC):
// minute hour day-of-month month day-of-week, each `*`, `*/n`, `a`, `a-b`, `a-b/n` or a
// comma list of those; day-of-week 0-6 with 0 = Sunday.
#pragma once

#include "rules/rule_error.hpp"

#include <bitset>
#include <cstdint>
#include <string>

namespace YAML {
class Node;
}

namespace frontdesk::rules {

class Schedule {
 public:
  // Parses {every: <duration>} or {cron: "<5 fields>"}. Throws CompileError.
  static Schedule compile(const std::string& file, const YAML::Node& node);
  // A cron line; the error text on failure.
  static Schedule cron(std::string_view line, std::string& error);

  // The first run strictly after `after_ms` (ms since the epoch, UTC).
  [[nodiscard]] std::int64_t next_after(std::int64_t after_ms) const;
  // "every 1h" or "cron 0 9 * * 1-5": also the key stored with its next run.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

 private:
  std::int64_t every_ms_ = 0;  // 0: cron
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<7> weekdays_;  // 0..6, Sunday first
  bool any_day_ = true;      // day-of-month is *
  bool any_weekday_ = true;  // day-of-week is *
  std::string text_;
};

}  // namespace frontdesk::rules
