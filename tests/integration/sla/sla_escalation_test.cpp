// SPDX-License-Identifier: Apache-2.0
// The SLA scheduler feeding the rules engine on one database: an escalation rule on
// sla.breached fires once for an urgent ticket nobody answered, however often both run.
#include "core/clock.hpp"
#include "rules/loader.hpp"
#include "rules/lua_sandbox.hpp"
#include "rules/rule_store.hpp"
#include "rules/runtime/rules_runtime.hpp"
#include "rules/templates.hpp"
#include "sla/sla_scheduler.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

#include <gtest/gtest.h>

namespace frontdesk::sla {
namespace {

using namespace std::chrono_literals;

TEST(SlaEscalation, BreachEscalatesOnce) {
  testing::TestDatabase test_db;
  storage::Database db(test_db.conninfo(), 2);
  auto conn = storage::Connection::connect(test_db.conninfo());
  storage::migrate(conn, storage::builtin_migrations());
  core::ManualClock clock(std::chrono::system_clock::time_point(date::sys_days(date::year(2026) / 1 / 5)) + 10h);

  rules::RuleStore store(rules::load_rule_text("sla.yaml", R"(
- name: escalate unanswered urgent tickets
  on: sla.breached
  if: { all: [ { field: ticket.priority, eq: urgent } ] }
  then:
    - escalate: { reason: first response overdue }
)",
                                               rules::TemplateSet{}));
  rules::runtime::RulesRuntime rules_runtime(test_db.conninfo(), store, clock);
  rules::LuaSandbox lua;
  const auto drain_rules = [&] {
    while (rules_runtime.process_batch(conn, lua) > 0) {
    }
  };

  const auto ticket = conn.exec(
                              "SELECT ticket_id FROM fd_ingest('webform', 'm1', 'email', 'ann@example.com', 'Ann', 'en', '', "
                              "'{}', '', 'Down', 'Nothing works', 'technical', 'urgent', '{}', NULL, true, NULL, "
                              "'2026-01-05T10:00:00Z')")
                          .get<std::int64_t>(0, 0);
  SlaScheduler scheduler(db, clock, std::make_shared<const PolicySet>());
  for (const auto step : {0min, 12min, 3min, 1min, 30min}) {
    clock.advance(step);
    scheduler.run_once();
    drain_rules();
  }
  EXPECT_EQ(conn.exec("SELECT escalation_level FROM tickets WHERE id = $1", ticket).get<std::int32_t>(0, 0), 1);
  EXPECT_EQ(conn.exec("SELECT status FROM tickets WHERE id = $1", ticket).get<std::string>(0, 0), "escalated");
  EXPECT_EQ(conn.exec("SELECT count(*) FROM audit_events WHERE rule = 'escalate unanswered urgent tickets' "
                      "AND data ->> 'field' = 'escalationLevel'")
                .get<std::int64_t>(0, 0),
            1);
  EXPECT_EQ(conn.exec("SELECT count(*) FROM audit_events WHERE event = 'sla.breached'").get<std::int64_t>(0, 0), 1);
  db.stop();
}

}  // namespace
}  // namespace frontdesk::sla
