// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

#include <filesystem>
#include <fstream>

namespace frontdesk::rules {
namespace {

using testing::error_of;

std::shared_ptr<const RuleSet> load(const std::string& text) {
  return load_rule_text("rules.yaml", text, testing::templates_with({"ack"}));
}

TEST(Loader, CompilesTheDesignExample) {
  const auto set = load(R"(
- name: urgent payment problems go to billing
  on: ticket.created
  if:
    all:
      - { field: ticket.category, in: [payment, billing] }
      - { field: message.text, matches: "(?i)refund|charged twice" }
  then:
    - set_priority: urgent
    - assign: { strategy: least_loaded, team: billing }
    - reply: { template: ack }
  stop: false
- name: close stale waiting tickets
  on: { schedule: { every: 1h } }
  if: { all: [ { field: ticket.status, eq: waiting_customer }, { field: ticket.idle, gt: 72h } ] }
  then: [ { close: { resolution: other } }, { send_survey: csat } ]
)");
  ASSERT_EQ(set->rules().size(), 2u);
  EXPECT_EQ(set->for_event(Event::ticket_created).size(), 1u);
  EXPECT_EQ(set->for_event(Event::schedule).size(), 1u);
  EXPECT_EQ(set->rules()[1].schedule->text(), "every 1h");
  EXPECT_EQ(set->rules()[0].actions.size(), 3u);
  EXPECT_EQ(set->rules()[0].where.text(), "rules.yaml:2:3");
}

TEST(Loader, CollectsEveryErrorWithItsLocation) {
  const auto e = error_of([] {
    (void)load(R"(- name: a
  on: ticket.closed
  then: [stop]
- name: b
  on: ticket.created
  when: {field: ticket.id, eq: 1}
- name: a2
  on: ticket.created
- name: a2
  on: ticket.created
  then: [stop]
)");
  });
  EXPECT_EQ(e,
            "rules.yaml:2:7: unknown event 'ticket.closed' (valid: ticket.created, message.received, ticket.updated, "
            "status.changed, sla.warning, sla.breached, survey.answered, agent.availability_changed, incident.opened, "
            "incident.updated, incident.resolved, schedule, manual)\n"
            "rules.yaml:6:3: unknown rule key 'when' (valid: name, on, if, then, lua, stop)\n"
            "rules.yaml:7:3: rule 'a2' needs then (a list of actions) or lua (a script)\n"
            "rules.yaml:9:9: duplicate rule name 'a2'");
}

TEST(Loader, ReportsYamlSyntaxErrors) {
  EXPECT_EQ(error_of([] { (void)load("- name: x\n  on: [unclosed\n"); }).rfind("rules.yaml:3:1: ", 0), 0u);
  EXPECT_EQ(error_of([] { (void)load("name: x\n"); }), "rules.yaml:1:1: a rules file is a list of rules");
}

TEST(Loader, LoadsAFolderInFileOrderAndRejectsItWholeOnAnyError) {
  const auto dir = std::filesystem::temp_directory_path() / ("frontdesk-rules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "templates");
  std::ofstream(dir / "templates" / "ack.yaml") << "en: {subject: Hi, body: 'Hello {{customer.name}}'}\n";
  std::ofstream(dir / "20-b.yaml") << "- {name: second, on: ticket.created, then: [{add_tag: b}]}\n";
  std::ofstream(dir / "10-a.yaml") << "- {name: first, on: ticket.created, then: [{reply: ack}]}\n";
  const auto set = load_rule_set(dir);
  ASSERT_EQ(set->for_event(Event::ticket_created).size(), 2u);
  EXPECT_EQ(set->for_event(Event::ticket_created)[0]->name, "first");

  std::ofstream(dir / "30-bad.yaml") << "- {name: third, on: ticket.created, then: [{reply: missing}]}\n";
  const auto e = error_of([&] { (void)load_rule_set(dir); });
  EXPECT_EQ(e, (dir / "30-bad.yaml").string() + ":1:52: unknown template 'missing' (templates: ack)");
  std::filesystem::remove_all(dir);
}

TEST(Loader, LuaPathsStayInTheRulesFolder) {
  EXPECT_EQ(error_of([] { (void)load("- {name: x, on: ticket.created, lua: ../evil.lua}\n"); }),
            "rules.yaml:1:38: lua scripts live in the rules folder: '../evil.lua'");
  EXPECT_EQ(error_of([] { (void)load("- {name: x, on: ticket.created, lua: none.lua}\n"); }),
            "rules.yaml:1:38: cannot read Lua script none.lua");
}

}  // namespace
}  // namespace frontdesk::rules
