// SPDX-License-Identifier: Apache-2.0
#include "sla/calendar.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace frontdesk::sla {

namespace {
// An add() that finds no opening in this many days is a calendar without business time.
constexpr int kMaxSearchDays = 3660;
constexpr std::string_view kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
}  // namespace

Calendar::Calendar() = default;

Calendar::Calendar(std::string name, const date::time_zone* zone,
                   std::vector<std::vector<OpeningSpan>> week, std::set<date::local_days> holidays)
    : name_(std::move(name)),
      always_open_(false),
      zone_(zone),
      week_(std::move(week)),
      holidays_(std::move(holidays)) {
  week_.resize(7);
}

std::string Calendar::zone_name() const { return zone_ ? std::string(zone_->name()) : "UTC"; }

date::local_days Calendar::local_day(Instant at) const {
  return date::floor<date::days>(zone_->to_local(at));
}

void Calendar::spans_of(date::local_days day, std::vector<Span>& out) const {
  if (holidays_.contains(day)) return;
  const auto weekday = date::weekday(day).c_encoding();
  for (const OpeningSpan& s : week_[weekday]) {
    const auto begin_local = day + std::chrono::minutes(s.opens);
    const auto end_local =
        s.overnight() ? day + date::days(1) + std::chrono::minutes(s.closes) : day + std::chrono::minutes(s.closes);
    // In a fall-back hour the opening takes the first occurrence and the closing the
    // second, so the office is open for all the wall-clock time it promises; a time inside
    // a spring-forward gap maps to the transition itself.
    const Instant begin = std::chrono::time_point_cast<std::chrono::microseconds>(
        zone_->to_sys(begin_local, date::choose::earliest));
    const Instant end = std::chrono::time_point_cast<std::chrono::microseconds>(
        zone_->to_sys(end_local, date::choose::latest));
    if (end > begin) out.push_back({begin, end});
  }
}

Instant Calendar::add(Instant from, std::chrono::microseconds amount) const {
  if (amount <= std::chrono::microseconds::zero()) return from;
  if (always_open_) return from + amount;
  std::vector<Span> spans;
  // Start a day early: an overnight span of the previous day may still be open at `from`.
  auto day = local_day(from) - date::days(1);
  for (int i = 0; i < kMaxSearchDays; ++i, day += date::days(1)) {
    spans.clear();
    spans_of(day, spans);
    for (const Span& s : spans) {
      if (s.end <= from) continue;
      const Instant start = std::max(s.begin, from);
      const auto available = s.end - start;
      if (amount <= available) return start + amount;
      amount -= available;
    }
  }
  throw std::runtime_error("calendar '" + name_ + "' has no business hours within ten years");
}

std::chrono::microseconds Calendar::between(Instant from, Instant to) const {
  if (to <= from) return std::chrono::microseconds::zero();
  if (always_open_) return to - from;
  std::chrono::microseconds total{0};
  std::vector<Span> spans;
  const auto last = local_day(to);
  for (auto day = local_day(from) - date::days(1); day <= last; day += date::days(1)) {
    spans.clear();
    spans_of(day, spans);
    for (const Span& s : spans) {
      const Instant begin = std::max(s.begin, from);
      const Instant end = std::min(s.end, to);
      if (end > begin) total += end - begin;
    }
  }
  return total;
}

std::string validate_week(const std::vector<std::vector<OpeningSpan>>& week) {
  if (week.size() != 7) return "a week has 7 days";
  bool any_open = false;
  for (std::size_t d = 0; d < 7; ++d) {
    const auto& spans = week[d];
    const std::string day(kDayNames[d]);
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const OpeningSpan& s = spans[i];
      if (s.opens < 0 || s.opens >= 1440 || s.closes < 0 || s.closes > 1440) {
        return day + ": opening hours must lie within 00:00-24:00";
      }
      any_open = any_open || s.length() > 0;
      if (i > 0 && s.opens < spans[i - 1].closes) {
        return day + ": opening hours overlap or are out of order";
      }
      if (s.overnight() && i + 1 != spans.size()) {
        return day + ": only the last opening of a day may run past midnight";
      }
    }
    if (!spans.empty() && spans.back().overnight()) {
      const auto& next = week[(d + 1) % 7];
      if (!next.empty() && next.front().opens < spans.back().closes) {
        return day + ": the opening past midnight overlaps " + std::string(kDayNames[(d + 1) % 7]) +
               "'s first opening";
      }
    }
  }
  if (!any_open) return "the calendar has no opening hours";
  return "";
}

}  // namespace frontdesk::sla
