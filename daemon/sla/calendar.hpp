// SPDX-License-Identifier: Apache-2.0
// Business-hours calendars: weekly opening hours in an IANA time zone, minus holidays, and
// the two operations SLA clocks need — move an instant forward by N business seconds, and
// count the business seconds between two instants.
//
// Opening hours are local wall-clock times, so a day across a DST change has one hour more
// or less of business time, as the office does. Zone rules come from the system tzdata via
// howardhinnant date (libdate-tz built with USE_OS_TZDB), never from hand-written rules.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <date/tz.h>

namespace frontdesk::sla {

// Times are kept at PostgreSQL's precision so values read back from the database compare
// equal to the ones computed here.
using Instant = std::chrono::sys_time<std::chrono::microseconds>;
using Seconds = std::chrono::seconds;

// [opens, closes) in minutes after local midnight; closes <= opens means the span runs
// past midnight into the next day ("22:00-06:00").
struct OpeningSpan {
  int opens = 0;
  int closes = 0;

  [[nodiscard]] bool overnight() const noexcept { return closes <= opens; }
  [[nodiscard]] int length() const noexcept { return overnight() ? 1440 - opens + closes : closes - opens; }
};

class Calendar {
 public:
  // Open around the clock, in UTC (the built-in "24x7" calendar).
  Calendar();
  // `week[0]` is Sunday, as in date::weekday; each day's spans sorted and non-overlapping
  // (validate_week() says why not). A holiday closes the spans that open on that local date.
  Calendar(std::string name, const date::time_zone* zone, std::vector<std::vector<OpeningSpan>> week,
           std::set<date::local_days> holidays);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] bool always_open() const noexcept { return always_open_; }
  [[nodiscard]] std::string zone_name() const;
  [[nodiscard]] const std::vector<std::vector<OpeningSpan>>& week() const noexcept { return week_; }
  [[nodiscard]] const std::set<date::local_days>& holidays() const noexcept { return holidays_; }

  // The instant at which `amount` business time has passed since `from`. An amount of zero
  // is `from` itself, even outside business hours. Throws std::runtime_error when the
  // calendar has no opening within ten years (every day a holiday).
  [[nodiscard]] Instant add(Instant from, std::chrono::microseconds amount) const;

  // Business time in [from, to); zero when to <= from.
  [[nodiscard]] std::chrono::microseconds between(Instant from, Instant to) const;

 private:
  struct Span {
    Instant begin;
    Instant end;
  };
  // The UTC spans opening on local date `day` (none on a holiday).
  void spans_of(date::local_days day, std::vector<Span>& out) const;
  [[nodiscard]] date::local_days local_day(Instant at) const;

  std::string name_ = "24x7";
  bool always_open_ = true;
  const date::time_zone* zone_ = nullptr;
  std::vector<std::vector<OpeningSpan>> week_;
  std::set<date::local_days> holidays_;
};

// Why a week of opening hours cannot be used ("" when it can): spans out of order or
// overlapping, including an overnight span running into the next day's first one, or a week
// with no opening at all.
[[nodiscard]] std::string validate_week(const std::vector<std::vector<OpeningSpan>>& week);

}  // namespace frontdesk::sla
