// SPDX-License-Identifier: Apache-2.0
// The rules runtime's Prometheus figures: events by type, matches and failures per rule,
// loop-depth stops and the per-event duration histogram.
#include "metrics/registry.hpp"
#include "rules_fixture.hpp"

#include <fstream>

namespace frontdesk::rules::testing {
namespace {

class RulesMetricsTest : public RulesFixture {
 protected:
  // The value of the sample line starting with `series` (name and labels), -1 if absent.
  double sample(const std::string& series) {
    const std::string text = registry_.render();
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
  }

  metrics::Registry registry_;
};

TEST_F(RulesMetricsTest, CountsEventsMatchesFailuresLoopStopsAndTimesEachEvent) {
  const auto dir = std::filesystem::temp_directory_path() / ("frontdesk-rules-metrics-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "broken.lua") << "function on_event() error('nope') end\n";
  // An action that fails in the database: urgent priority is refused by a trigger.
  conn_.exec("CREATE FUNCTION refuse_urgent() RETURNS trigger LANGUAGE plpgsql AS "
             "$$ BEGIN RAISE EXCEPTION 'urgent refused'; END $$");
  conn_.exec("CREATE TRIGGER refuse_urgent BEFORE UPDATE ON tickets FOR EACH ROW "
             "WHEN (NEW.priority = 'urgent') EXECUTE FUNCTION refuse_urgent()");
  runtime_options_.metrics = &registry_;
  // Every claimed event is handled in its batch, however slow the machine: a batch cut short
  // by the lock budget would hand some back, and drain() counts those twice.
  runtime_options_.lock_budget = std::chrono::hours(1);
  use_rules(R"(
- {name: tag "new", on: ticket.created, then: [{add_tag: ping}]}
- {name: broken lua, on: ticket.created, lua: broken.lua}
- {name: escalate, on: ticket.created, if: {field: ticket.subject, eq: boom}, then: [{set_priority: urgent}]}
- name: ping to pong
  on: ticket.updated
  if: {field: ticket.tags, contains: ping}
  then: [{remove_tag: ping}, {add_tag: pong}]
- name: pong to ping
  on: ticket.updated
  if: {all: [{field: ticket.tags, contains: pong}, {not: {field: ticket.tags, contains: ping}}]}
  then: [{remove_tag: pong}, {add_tag: ping}]
)",
            dir);
  EXPECT_EQ(sample(R"(frontdesk_rules_loop_stops_total)"), 0);
  create_ticket("a@x.org", "quiet", "b");
  create_ticket("b@x.org", "boom", "b");
  const auto handled = drain();

  EXPECT_EQ(sample(R"(frontdesk_rules_events_total{event="ticket.created"})"), 2);
  EXPECT_GT(sample(R"(frontdesk_rules_events_total{event="ticket.updated"})"), 0);
  EXPECT_EQ(sample(R"(frontdesk_rules_matches_total{rule="tag \"new\""})"), 2);
  EXPECT_EQ(sample(R"(frontdesk_rules_matches_total{rule="escalate"})"), 1);
  EXPECT_EQ(sample(R"(frontdesk_rules_failures_total{rule="broken lua",kind="lua"})"), 2);
  EXPECT_EQ(sample(R"(frontdesk_rules_failures_total{rule="escalate",kind="action"})"), 1);
  EXPECT_EQ(sample(R"(frontdesk_rules_failures_total{rule="tag \"new\"",kind="action"})"), -1);
  EXPECT_GT(sample(R"(frontdesk_rules_matches_total{rule="ping to pong"})"), 0);
  EXPECT_EQ(sample("frontdesk_rules_loop_stops_total"), static_cast<double>(runtime_->counters().loops_stopped.load()));
  EXPECT_GT(sample("frontdesk_rules_loop_stops_total"), 0);
  EXPECT_EQ(sample("frontdesk_rules_event_duration_seconds_count"), static_cast<double>(handled));
  EXPECT_GT(sample("frontdesk_rules_event_duration_seconds_sum"), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frontdesk::rules::testing
