// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/rules_metrics.hpp"

namespace frontdesk::rules::runtime {

RulesMetrics::RulesMetrics(metrics::Registry* registry) {
  if (registry == nullptr) return;
  events_ = &registry->counter("frontdesk_rules_events_total", "Events the rules handled, by event type", {"event"});
  matches_ = &registry->counter("frontdesk_rules_matches_total", "Times a rule's conditions matched", {"rule"});
  failures_ = &registry->counter("frontdesk_rules_failures_total",
                                 "Rule failures: lua (the script failed) or action (an action threw)",
                                 {"rule", "kind"});
  loop_stops_ = &registry
                     ->counter("frontdesk_rules_loop_stops_total",
                               "Events raised by rules at the maximum depth, on which rules stopped")
                     .with({});
  duration_ = &registry
                   ->histogram("frontdesk_rules_event_duration_seconds",
                               "Time to evaluate the rules of one event and apply their actions",
                               {}, metrics::latency_buckets())
                   .with({});
}

void RulesMetrics::event(std::string_view type) {
  if (events_ != nullptr) events_->with({std::string(type)}).inc();
}

void RulesMetrics::matched(const std::string& rule) {
  if (matches_ != nullptr) matches_->with({rule}).inc();
}

void RulesMetrics::failed(const std::string& rule, std::string_view kind) {
  if (failures_ != nullptr) failures_->with({rule, std::string(kind)}).inc();
}

void RulesMetrics::loop_stopped() {
  if (loop_stops_ != nullptr) loop_stops_->inc();
}

RulesMetrics::EventTimer::~EventTimer() {
  if (histogram_ != nullptr) {
    histogram_->observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
}

}  // namespace frontdesk::rules::runtime
