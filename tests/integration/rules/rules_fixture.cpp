// SPDX-License-Identifier: Apache-2.0
#include "rules_fixture.hpp"

#include "rules/value.hpp"
#include "storage/migrations.hpp"

#include <chrono>

namespace frontdesk::rules::testing {

void RulesFixture::SetUp() {
  storage::migrate(conn_, storage::builtin_migrations());
  use_rules("[]");
}

void RulesFixture::use_rules(const std::string& yaml, const std::filesystem::path& lua_dir) {
  TemplateSet templates;
  std::vector<RuleError> errors;
  templates.add("ack", "ack.yaml",
                "en: {subject: 'Got it', body: 'Hi {{customer.name}}, {{ticket.number}} is in.'}\n"
                "es: {subject: 'Recibido', body: 'Hola {{customer.name}}, {{ticket.number}} recibido.'}\n",
                errors);
  templates.add("alert", "alert.yaml", "en: {subject: 'Alert {{ticket.number}}', body: 'Look at {{ticket.number}}'}\n",
                errors);
  ASSERT_TRUE(errors.empty());
  runtime_.reset();
  store_ = std::make_unique<RuleStore>(load_rule_text("test.yaml", yaml, std::move(templates), lua_dir));
  runtime_ = std::make_unique<runtime::RulesRuntime>(db_.conninfo(), *store_, clock_, runtime_options_);
}

void RulesFixture::use_rules_dir(const std::filesystem::path& dir) {
  runtime_.reset();
  store_ = std::make_unique<RuleStore>(load_rule_set(dir));
  runtime_ = std::make_unique<runtime::RulesRuntime>(db_.conninfo(), *store_, clock_, runtime_options_);
}

std::string RulesFixture::now_text() const {
  return format_iso_time(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch()).count());
}

std::int64_t RulesFixture::add_agent(const AgentSpec& a) {
  const auto id = conn_.exec("INSERT INTO agents (name, email, availability, max_concurrent, specializations, "
                             "languages, department) VALUES ($1, $1 || '@example.com', $2, $3, $4::text[], "
                             "$5::text[], nullif($6, '')) RETURNING id",
                             a.name, a.availability, a.max_concurrent, a.specializations, a.languages, a.department)
                      .get<std::int64_t>(0, 0);
  if (!a.team.empty()) {
    conn_.exec("INSERT INTO teams (name) VALUES ($1) ON CONFLICT DO NOTHING", a.team);
    conn_.exec("INSERT INTO team_members SELECT id, $2 FROM teams WHERE name = $1", a.team, id);
  }
  return id;
}

std::int64_t RulesFixture::create_ticket(const std::string& email, const std::string& subject, const std::string& body,
                                         const std::string& category, const std::string& priority,
                                         const std::string& language) {
  const auto r = conn_.exec(
      "SELECT ticket_id FROM fd_ingest('webform', $1, 'email', $2, $3, $4, NULL, '{}', NULL, $5, $6, $7, $8, "
      "'{}', '[]', true, NULL, $9)",
      "ext-" + std::to_string(++next_external_), email, "Customer " + email, language, subject, body, category,
      priority, now_text());
  return r.get<std::int64_t>(0, 0);
}

void RulesFixture::reply(std::int64_t ticket, const std::string& email, const std::string& body) {
  const auto number = text("SELECT number FROM tickets WHERE id = " + std::to_string(ticket));
  conn_.exec("SELECT fd_ingest('webform', $1, 'email', $2, '', 'en', $3, '{}', NULL, 'Re', $4, NULL, NULL, '{}', "
             "'[]', false, NULL, $5)",
             "ext-" + std::to_string(++next_external_), email, number, body, now_text());
}

void RulesFixture::set_availability(std::int64_t agent, const std::string& to) {
  conn_.exec("UPDATE agents SET availability = $2 WHERE id = $1", agent, to);
  conn_.exec("INSERT INTO audit_events (event, actor_kind, actor_id, new_value, data) "
             "VALUES ('agent.availability_changed', 'agent', $1::bigint, to_jsonb($2::text), "
             "jsonb_build_object('agentId', $1::bigint))",
             agent, to);
}

std::size_t RulesFixture::drain() {
  std::size_t total = 0;
  for (int round = 0; round < 1000; ++round) {
    const auto n = runtime_->process_batch(conn_, lua_);
    if (n == 0) return total;
    total += n;
  }
  ADD_FAILURE() << "events kept coming after 1000 batches";
  return total;
}

std::string RulesFixture::text(const std::string& sql) {
  const auto r = conn_.exec(sql);
  if (r.empty()) return "<no row>";
  return r.is_null(0, 0) ? "<null>" : std::string(r.text(0, 0));
}

std::int64_t RulesFixture::number(const std::string& sql) { return conn_.exec(sql).get<std::int64_t>(0, 0); }

}  // namespace frontdesk::rules::testing
