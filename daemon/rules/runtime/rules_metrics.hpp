// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rules runtime's figures on /metrics: events handled by type, matches and failures per
// rule, loop-depth stops, and how long one event's rules take (evaluation and actions in
// its transaction; the commit and the wait before the claim are not included — the backlog
// gauges on /metrics show that delay).
#include "metrics/registry.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace frontdesk::rules::runtime {

class RulesMetrics {
 public:
  // Without a registry every call does nothing (tests driving the runtime directly).
  explicit RulesMetrics(metrics::Registry* registry);

  void event(std::string_view type);
  void matched(const std::string& rule);
  // `kind`: "lua" (the script failed) or "action" (an action threw; the event is rolled back).
  void failed(const std::string& rule, std::string_view kind);
  void loop_stopped();

  // Observes the time from construction to destruction as one event's duration.
  class EventTimer {
   public:
    explicit EventTimer(metrics::Histogram* histogram)
        : histogram_(histogram), start_(std::chrono::steady_clock::now()) {}
    EventTimer(const EventTimer&) = delete;
    EventTimer& operator=(const EventTimer&) = delete;
    ~EventTimer();

   private:
    metrics::Histogram* histogram_;
    std::chrono::steady_clock::time_point start_;
  };
  [[nodiscard]] EventTimer time_event() const { return EventTimer(duration_); }

 private:
  metrics::Family<metrics::Counter>* events_ = nullptr;
  metrics::Family<metrics::Counter>* matches_ = nullptr;
  metrics::Family<metrics::Counter>* failures_ = nullptr;
  metrics::Counter* loop_stops_ = nullptr;
  metrics::Histogram* duration_ = nullptr;
};

}  // namespace frontdesk::rules::runtime
