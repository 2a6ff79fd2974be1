// SPDX-License-Identifier: Apache-2.0
// Rules engine throughput on one core: 50 YAML rules and one Lua rule over a synthetic
// event stream. Prints the median of several runs of
//   - rule conditions evaluated per second (one predicate tree per rule per event) and
//     the leaf predicates they hold,
//   - Lua rule calls per second and microseconds per call.
// Usage: rules_bench [events-per-run] [runs]
#include "rules/evaluator.hpp"
#include "rules/loader.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace rules = frontdesk::rules;
using Clock = std::chrono::steady_clock;

namespace {

const char* const kCategories[] = {"account", "booking", "payment", "technical", "billing",
                                   "complaint", "feature_request", "bug_report", "general", "other"};
const char* const kPriorities[] = {"urgent", "high", "medium", "low"};
const char* const kStatuses[] = {"open", "assigned", "in_progress", "waiting_customer"};

// 50 rules mixing every kind of operator, as an admin would write them.
std::string fifty_rules() {
  std::string y;
  for (int i = 0; i < 50; ++i) {
    const std::string n = std::to_string(i);
    const std::string cat = kCategories[i % 10];
    const std::string pri = kPriorities[i % 4];
    y += "- name: rule " + n + "\n  on: ticket.created\n  if:\n";
    switch (i % 5) {
      case 0:
        y += "    all: [{field: ticket.category, eq: " + cat + "}, {field: ticket.priority, in: [" + pri + ", low]}]\n";
        break;
      case 1:
        y += "    any: [{field: message.text, matches: '(?i)refund|charged twice|invoice " + n +
             "'}, {field: ticket.tags, contains: vip" + n + "}]\n";
        break;
      case 2:
        y += "    all: [{field: ticket.idle, gt: " + std::to_string(1 + i % 72) +
             "h}, {field: ticket.status, ne: closed}, {field: customer.tier, not_in: [gold]}]\n";
        break;
      case 3:
        y += "    not: {any: [{field: ticket.escalation_level, gte: 2}, {field: message.text, contains: urgent}]}\n";
        break;
      default:
        y += "    all: [{field: customer.name, exists: true}, {field: ticket.created_at, lt: '2030-01-01T00:00:00Z'},"
             " {field: ticket.category, in: [payment, billing, " + cat + "]}]\n";
    }
    y += "  then: [{add_tag: t" + n + "}]\n";
  }
  y += "- {name: scripted, on: message.received, lua: score.lua}\n";
  return y;
}

std::vector<rules::Facts> stream(std::size_t n) {
  std::mt19937 rng(42);
  const char* const texts[] = {"Hello, my order did not arrive", "I was charged twice for invoice 12",
                               "Please refund me, this is urgent", "The app crashes when I log in",
                               "Can you add dark mode?"};
  std::vector<rules::Facts> out(n);
  const std::int64_t now = 1'800'000'000'000;
  for (auto& f : out) {
    f[rules::Field::ticket_category] = rules::Value::of_text(kCategories[rng() % 10]);
    f[rules::Field::ticket_priority] = rules::Value::of_text(kPriorities[rng() % 4]);
    f[rules::Field::ticket_status] = rules::Value::of_text(kStatuses[rng() % 4]);
    f[rules::Field::ticket_tags] = rules::Value::of_list({rng() % 3 ? "normal" : "vip7"});
    f[rules::Field::ticket_escalation_level] = rules::Value::of_number(rng() % 3);
    f[rules::Field::message_text] = rules::Value::of_text(texts[rng() % 5]);
    f[rules::Field::customer_name] = rules::Value::of_text("Customer");
    f[rules::Field::customer_tier] = rules::Value::of_text(rng() % 4 ? "standard" : "gold");
    f[rules::Field::ticket_created_at] = rules::Value::of_time(now - static_cast<std::int64_t>(rng() % 400'000'000));
    f[rules::Field::ticket_last_activity_at] = f[rules::Field::ticket_created_at];
    f.derive_times(now);
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t events = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const auto dir = std::filesystem::temp_directory_path() / ("rules-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "rules.yaml") << fifty_rules();
  std::ofstream(dir / "score.lua") << R"(
local words = { "refund", "urgent", "twice" }
function on_event(event, ticket, api)
  local text = ticket.message.text or ""
  local score = 0
  for i = 1, #words do
    if string.find(text, words[i], 1, true) then score = score + 1 end
  end
  if score >= 2 then api.set_priority("urgent") end
end
)";
  const auto set = rules::load_rule_set(dir);
  std::filesystem::remove_all(dir);
  const auto facts = stream(4096);
  std::size_t leaves = 0;
  for (const auto* r : set->for_event(rules::Event::ticket_created)) leaves += r->condition->leaf_count();
  const std::size_t rule_count = set->for_event(rules::Event::ticket_created).size();

  std::vector<double> cond_rates, lua_us;
  std::size_t matched = 0;
  for (int run = 0; run < runs; ++run) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < events; ++i) {
      matched += rules::evaluate(*set, rules::Event::ticket_created, facts[i % facts.size()], {}).size();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    cond_rates.push_back(static_cast<double>(events * rule_count) / seconds);
  }
  rules::LuaSandbox lua;
  const std::size_t lua_calls = events / 4;
  std::size_t lua_actions = 0;
  for (int run = 0; run < runs; ++run) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < lua_calls; ++i) {
      const auto out = rules::evaluate(*set, rules::Event::message_received, facts[i % facts.size()], {false, &lua});
      lua_actions += out.front().actions.size();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    lua_us.push_back(seconds * 1e6 / static_cast<double>(lua_calls));
  }
  const double cond = median(cond_rates);
  const double us = median(lua_us);
  std::printf("rules: %zu YAML rules (%zu leaf predicates) + 1 Lua rule; %zu events x %d runs (median)\n", rule_count,
              leaves, events, runs);
  std::printf("condition evaluations/s: %.0f  (rule predicate trees; %.0f leaf predicates/s at most)\n", cond,
              cond * static_cast<double>(leaves) / static_cast<double>(rule_count));
  std::printf("events/s through 50 rules: %.0f\n", cond / static_cast<double>(rule_count));
  std::printf("lua calls/s: %.0f  (%.2f us per call)\n", 1e6 / us, us);
  std::printf("(matched %zu rule outcomes, %zu Lua actions)\n", matched, lua_actions);
  return 0;
}
