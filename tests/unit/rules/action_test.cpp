// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

namespace frontdesk::rules {
namespace {

using testing::error_of;

const TemplateSet& templates() {
  static const TemplateSet set = testing::templates_with({"ack", "agent_alert"});
  return set;
}

Action act(const std::string& yaml) { return compile_action("r.yaml", YAML::Load(yaml), templates()); }

struct Case {
  std::string yaml;
  std::string described;
};

class ActionCompileTest : public ::testing::TestWithParam<Case> {};

TEST_P(ActionCompileTest, CompilesAndDescribes) { EXPECT_EQ(act(GetParam().yaml).describe(), GetParam().described); }

INSTANTIATE_TEST_SUITE_P(
    EveryAction, ActionCompileTest,
    ::testing::Values(
        Case{"{assign: round_robin}", "assign {strategy: round_robin}"},
        Case{"{assign: {strategy: least_loaded, team: billing}}", "assign {strategy: least_loaded, team: billing}"},
        Case{"{assign: {strategy: skills}}", "assign {strategy: skills}"},
        Case{"{assign: sticky}", "assign {strategy: sticky}"},
        Case{"{assign: {agent: ann@example.com}}", "assign {agent: ann@example.com}"},
        Case{"{set_priority: urgent}", "set_priority: urgent"}, Case{"{set_category: billing}", "set_category: billing"},
        Case{"{add_tag: vip}", "add_tag: vip"}, Case{"{remove_tag: vip}", "remove_tag: vip"},
        Case{"{set_status: in_progress}", "set_status: in_progress"},
        Case{"{escalate: {reason: SLA breached, team: tier2}}", "escalate {reason: SLA breached, team: tier2}"},
        Case{"{escalate: too slow}", "escalate {reason: too slow}"},
        Case{"{reply: {template: ack}}", "reply {template: ack}"}, Case{"{reply: ack}", "reply {template: ack}"},
        Case{"{note: 'customer is {{customer.tier}}'}", "note: customer is {{customer.tier}}"},
        Case{"{notify: {team: billing, template: agent_alert}}", "notify {team: billing, template: agent_alert}"},
        Case{"{notify: {webhook: 'https://hooks.example.com/x', template: agent_alert}}",
             "notify {webhook: https://hooks.example.com/x, template: agent_alert}"},
        Case{"{close: {resolution: other}}", "close {resolution: other}"},
        Case{"{close: solved}", "close {resolution: solved}"},
        Case{"{send_survey: csat}", "send_survey {kind: csat, expires: 1w}"},
        Case{"{send_survey: {expires: 3d}}", "send_survey {kind: csat, expires: 3d}"},
        Case{"{merge_duplicates: {window: 2h}}", "merge_duplicates {window: 2h, min_score: 0.9}"},
        Case{"{merge_duplicates: {window: 2h, min_score: 0.75}}", "merge_duplicates {window: 2h, min_score: 0.75}"},
        Case{"{merge_duplicates: true}", "merge_duplicates {window: 1d, min_score: 0.9}"}, Case{"stop", "stop"},
        Case{"unmerge", "unmerge"}, Case{"{unmerge: true}", "unmerge"}, Case{"split", "split"},
        Case{"link_incident", "link_incident"}));

TEST(ActionErrors, UnknownActionListsTheValidOnes) {
  EXPECT_EQ(error_of([] { (void)act("{delete_ticket: true}"); }),
            "r.yaml:1:2: unknown action 'delete_ticket' (valid: assign, set_priority, set_category, add_tag, "
            "remove_tag, set_status, escalate, reply, note, notify, close, send_survey, merge_duplicates, unmerge, split, link_incident, stop)");
}

TEST(ActionErrors, BadArguments) {
  EXPECT_EQ(error_of([] { (void)act("{split: [1, 2]}"); }),
            "r.yaml:1:9: split takes no argument: write it as `- split`");
  EXPECT_EQ(error_of([] { (void)act("{set_priority: critical}"); }),
            "r.yaml:1:16: unknown priority 'critical' (valid: urgent, high, medium, low)");
  EXPECT_EQ(error_of([] { (void)act("{set_status: done}"); }).rfind("r.yaml:1:14: unknown status 'done' (valid: open,", 0), 0u);
  EXPECT_EQ(error_of([] { (void)act("{assign: fastest}"); }),
            "r.yaml:1:10: unknown assign strategy 'fastest' (valid: round_robin, least_loaded, skills, sticky)");
  EXPECT_EQ(error_of([] { (void)act("{assign: {strategy: skills, queue: x}}"); }),
            "r.yaml:1:29: unknown key 'queue' for assign (valid: strategy, team, agent)");
  EXPECT_EQ(error_of([] { (void)act("{reply: {template: thanks}}"); }),
            "r.yaml:1:20: unknown template 'thanks' (templates: ack, agent_alert)");
  EXPECT_EQ(error_of([] { (void)act("{notify: {agent: a@x, team: b, template: ack}}"); }),
            "r.yaml:1:10: notify needs exactly one of agent, team, webhook");
  EXPECT_EQ(error_of([] { (void)act("{notify: {webhook: 'ftp://x', template: ack}}"); }),
            "r.yaml:1:20: webhook must be an http:// or https:// URL, got 'ftp://x'");
  EXPECT_EQ(error_of([] { (void)act("{notify: {webhook: 'hooks.example.com/x', template: ack}}"); }),
            "r.yaml:1:20: webhook must be an http:// or https:// URL, got 'hooks.example.com/x'");
  EXPECT_EQ(error_of([] { (void)act("{notify: {webhook: 'https:///x', template: ack}}"); }),
            "r.yaml:1:20: webhook URL has no host: 'https:///x'");
  EXPECT_EQ(error_of([] { (void)act("{notify: {webhook: 'https://u:p@example.com/', template: ack}}"); }),
            "r.yaml:1:20: webhook URL may not hold a user name or password");
  EXPECT_EQ(error_of([] { (void)act("{close: {resolution: fixed}}"); }),
            "r.yaml:1:22: unknown resolution 'fixed' (valid: solved, workaround, duplicate, cannot_reproduce, wont_fix, other)");
  EXPECT_EQ(error_of([] { (void)act("{add_tag: 'two words'}"); }),
            "r.yaml:1:11: a tag has no spaces, commas or control characters: 'two words'");
  EXPECT_EQ(error_of([] { (void)act("{send_survey: nps}"); }), "r.yaml:1:15: unknown survey kind 'nps' (valid: csat)");
  EXPECT_EQ(error_of([] { (void)act("{merge_duplicates: {window: soon}}"); }).rfind("r.yaml:1:29: bad duration 'soon'", 0), 0u);
  EXPECT_EQ(error_of([] { (void)act("{merge_duplicates: {min_score: 2}}"); }),
            "r.yaml:1:32: min_score must be a number from 0 to 1");
  EXPECT_EQ(error_of([] { (void)act("[add_tag, vip]"); }).rfind("r.yaml:1:1: an action is a mapping with one key", 0), 0u);
}

}  // namespace
}  // namespace frontdesk::rules
