// SPDX-License-Identifier: Apache-2.0
#include "rules/action.hpp"

#include "core/duration.hpp"
#include "core/status.hpp"
#include "core/ticket_enums.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <set>

namespace frontdesk::rules {

namespace {

constexpr std::array<std::string_view, 17> kActionNames{
    "assign", "set_priority", "set_category", "add_tag", "remove_tag", "set_status", "escalate",
    "reply", "note", "notify", "close", "send_survey", "merge_duplicates", "unmerge", "split",
    "link_incident", "stop"};

constexpr std::array<std::string_view, 5> kStrategyNames{"direct", "round_robin", "least_loaded",
                                                         "skills", "sticky"};

// The shortest text that reads back as `v` ("0.9", not "0.900000").
std::string shortest(double v) {
  std::array<char, 32> buffer{};
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v).ptr;
  return std::string(buffer.data(), end);
}

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, std::string message) {
  throw CompileError(Location::of(file, node), std::move(message));
}

std::string scalar(const std::string& file, const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    fail(file, node, std::string(what) + " needs a non-empty text value");
  }
  return node.Scalar();
}

// The keys of a mapping argument, refusing unknown ones with the valid list.
void check_keys(const std::string& file, const YAML::Node& node, std::string_view action,
                std::initializer_list<std::string_view> valid) {
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    bool ok = false;
    for (auto v : valid) ok = ok || v == key;
    if (!ok) {
      std::string names;
      for (auto v : valid) {
        if (!names.empty()) names += ", ";
        names += v;
      }
      fail(file, kv.first, "unknown key '" + key + "' for " + std::string(action) + " (valid: " + names + ")");
    }
  }
}

std::string optional_text(const std::string& file, const YAML::Node& map, const char* key) {
  const YAML::Node n = map[key];
  if (!n) return {};
  return scalar(file, n, key);
}

std::int64_t duration_of(const std::string& file, const YAML::Node& node) {
  const auto d = core::parse_duration(node.IsScalar() ? node.Scalar() : std::string());
  if (!d) fail(file, node, d.error());
  return d->count();
}

void check_template(const std::string& file, const YAML::Node& node, const std::string& name,
                    const TemplateCatalog& templates) {
  if (!templates.has(name)) {
    const std::string known = templates.names();
    fail(file, node, "unknown template '" + name + "' (templates: " + (known.empty() ? "none" : known) + ")");
  }
}

void check_tag(const std::string& file, const YAML::Node& node, const std::string& tag) {
  if (tag.size() > 64) fail(file, node, "a tag is at most 64 bytes");
  for (char ch : tag) {
    if (static_cast<unsigned char>(ch) <= ' ' || ch == ',') fail(file, node, "a tag has no spaces, commas or control characters: '" + tag + "'");
  }
}

// The outbox's webhook sender accepts the same URLs; a rule is refused one it would not send to.
void check_webhook(const std::string& file, const YAML::Node& node, const std::string& url) {
  const auto parsed = boost::urls::parse_uri(url);
  const bool web = parsed && (parsed->scheme_id() == boost::urls::scheme::http ||
                              parsed->scheme_id() == boost::urls::scheme::https);
  if (!web) fail(file, node, "webhook must be an http:// or https:// URL, got '" + url + "'");
  if (parsed->host_address().empty() || parsed->host_type() == boost::urls::host_type::ipvfuture) {
    fail(file, node, "webhook URL has no host: '" + url + "'");
  }
  if (parsed->has_userinfo()) fail(file, node, "webhook URL may not hold a user name or password");
}

template <class Parse>
std::string enum_value(const std::string& file, const YAML::Node& node, std::string_view what,
                       Parse parse, std::string_view valid) {
  const std::string v = scalar(file, node, what);
  if (!parse(v)) fail(file, node, "unknown " + std::string(what) + " '" + v + "' (valid: " + std::string(valid) + ")");
  return v;
}

void compile_strategy(const std::string& file, const YAML::Node& node, Action& a) {
  const std::string name = scalar(file, node, "assign strategy");
  for (std::size_t i = 1; i < kStrategyNames.size(); ++i) {
    if (kStrategyNames[i] == name) {
      a.strategy = static_cast<Strategy>(i);
      return;
    }
  }
  fail(file, node, "unknown assign strategy '" + name + "' (valid: round_robin, least_loaded, skills, sticky)");
}

void compile_assign(const std::string& file, const YAML::Node& arg, Action& a) {
  if (!arg.IsMap()) {
    compile_strategy(file, arg, a);
    return;
  }
  check_keys(file, arg, "assign", {"strategy", "team", "agent"});
  a.team = optional_text(file, arg, "team");
  a.agent = optional_text(file, arg, "agent");
  const YAML::Node strategy = arg["strategy"];
  if (!strategy) {
    if (a.agent.empty()) fail(file, arg, "assign needs a strategy or an agent");
    a.strategy = Strategy::direct;
    return;
  }
  if (!a.agent.empty()) fail(file, strategy, "assign takes either a strategy or an agent, not both");
  compile_strategy(file, strategy, a);
}

}  // namespace

std::string_view action_name(ActionKind kind) noexcept { return kActionNames[static_cast<std::size_t>(kind)]; }

std::optional<ActionKind> parse_action_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return static_cast<ActionKind>(i);
  }
  return std::nullopt;
}

std::string action_names() {
  std::string out;
  for (auto n : kActionNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string_view strategy_name(Strategy s) noexcept { return kStrategyNames[static_cast<std::size_t>(s)]; }

Action compile_action(const std::string& file, const YAML::Node& node, const TemplateCatalog& templates) {
  // The actions that take no argument may be written bare: `stop`, `unmerge`, `split`,
  // `link_incident`.
  if (node.IsScalar()) {
    const auto kind = parse_action_name(node.Scalar());
    if (kind == ActionKind::stop || kind == ActionKind::unmerge || kind == ActionKind::split ||
        kind == ActionKind::link_incident) {
      Action a;
      a.kind = *kind;
      a.where = Location::of(file, node);
      return a;
    }
  }
  if (!node.IsMap() || node.size() != 1) {
    fail(file, node, "an action is a mapping with one key, e.g. {add_tag: vip} (actions: " + action_names() + ")");
  }
  const auto kv = *node.begin();
  return compile_action(file, kv.first.Scalar(), kv.second, kv.first, templates);
}

Action compile_action(const std::string& file, std::string_view name, const YAML::Node& arg,
                      const YAML::Node& at, const TemplateCatalog& templates) {
  const auto kind = parse_action_name(name);
  if (!kind) fail(file, at, "unknown action '" + std::string(name) + "' (valid: " + action_names() + ")");
  Action a;
  a.kind = *kind;
  a.where = Location::of(file, at);
  switch (*kind) {
    case ActionKind::assign: compile_assign(file, arg, a); break;
    case ActionKind::set_priority:
      a.value = enum_value(file, arg, "priority", core::parse_priority, core::priority_values());
      break;
    case ActionKind::set_category:
      a.value = enum_value(file, arg, "category", core::parse_category, core::category_values());
      break;
    case ActionKind::set_status:
      a.value = enum_value(file, arg, "status", core::parse_status, core::status_values());
      break;
    case ActionKind::add_tag:
    case ActionKind::remove_tag:
      a.value = scalar(file, arg, action_name(*kind));
      check_tag(file, arg, a.value);
      break;
    case ActionKind::escalate:
      if (arg.IsMap()) {
        check_keys(file, arg, "escalate", {"reason", "agent", "team"});
        a.value = optional_text(file, arg, "reason");
        a.agent = optional_text(file, arg, "agent");
        a.team = optional_text(file, arg, "team");
      } else if (arg.IsScalar()) {
        a.value = arg.Scalar();
      } else if (!arg.IsNull()) {
        fail(file, arg, "escalate takes a reason or {reason, agent, team}");
      }
      break;
    case ActionKind::reply:
      if (arg.IsMap()) {
        check_keys(file, arg, "reply", {"template"});
        a.template_name = scalar(file, arg["template"], "reply template");
      } else {
        a.template_name = scalar(file, arg, "reply template");
      }
      check_template(file, arg.IsMap() ? arg["template"] : arg, a.template_name, templates);
      break;
    case ActionKind::note:
      a.value = scalar(file, arg, "note");
      break;
    case ActionKind::notify: {
      if (!arg.IsMap()) fail(file, arg, "notify takes {agent|team|webhook, template}");
      check_keys(file, arg, "notify", {"agent", "team", "webhook", "template"});
      a.agent = optional_text(file, arg, "agent");
      a.team = optional_text(file, arg, "team");
      a.webhook = optional_text(file, arg, "webhook");
      const int targets = !a.agent.empty() + !a.team.empty() + !a.webhook.empty();
      if (targets != 1) fail(file, arg, "notify needs exactly one of agent, team, webhook");
      if (!a.webhook.empty()) check_webhook(file, arg["webhook"], a.webhook);
      a.template_name = optional_text(file, arg, "template");
      if (a.template_name.empty()) fail(file, arg, "notify needs a template");
      check_template(file, arg["template"], a.template_name, templates);
      break;
    }
    case ActionKind::close:
      if (arg.IsMap()) {
        check_keys(file, arg, "close", {"resolution", "summary"});
        a.value = enum_value(file, arg["resolution"], "resolution", core::parse_resolution_type,
                             core::resolution_type_values());
        a.summary = optional_text(file, arg, "summary");
      } else {
        a.value = enum_value(file, arg, "resolution", core::parse_resolution_type,
                             core::resolution_type_values());
      }
      break;
    case ActionKind::send_survey:
      a.value = "csat";
      a.millis = kDefaultSurveyExpiryMs;
      if (arg.IsMap()) {
        check_keys(file, arg, "send_survey", {"kind", "expires"});
        if (arg["kind"]) a.value = scalar(file, arg["kind"], "survey kind");
        if (arg["expires"]) a.millis = duration_of(file, arg["expires"]);
      } else if (arg.IsScalar()) {
        a.value = arg.Scalar();
      }
      if (a.value != "csat") fail(file, arg, "unknown survey kind '" + a.value + "' (valid: csat)");
      break;
    case ActionKind::merge_duplicates:
      a.millis = kDefaultMergeWindowMs;
      if (arg.IsMap()) {
        check_keys(file, arg, "merge_duplicates", {"window", "min_score"});
        if (arg["window"]) a.millis = duration_of(file, arg["window"]);
        if (const auto score = arg["min_score"]) {
          try {
            a.min_score = score.as<double>();
          } catch (const YAML::Exception&) {
            fail(file, score, "min_score must be a number from 0 to 1");
          }
          if (!(a.min_score >= 0.0 && a.min_score <= 1.0)) fail(file, score, "min_score must be a number from 0 to 1");
        }
      } else if (arg.IsScalar() && !arg.Scalar().empty() && arg.Scalar() != "true") {
        a.millis = duration_of(file, arg);
      }
      break;
    case ActionKind::unmerge:  // the event's ticket, when it was merged into another
    case ActionKind::split:    // the event's message, into a new ticket
    case ActionKind::link_incident:  // the ticket, to the incident of incident.id
      if (!arg.IsNull() && !(arg.IsScalar() && arg.Scalar() == "true")) {
        fail(file, arg, std::string(name) + " takes no argument: write it as `- " + std::string(name) + "`");
      }
      break;
    case ActionKind::stop: break;
  }
  return a;
}

std::string Action::describe() const {
  std::string out(action_name(kind));
  switch (kind) {
    case ActionKind::assign:
      if (strategy == Strategy::direct) return out + " {agent: " + agent + "}";
      out += " {strategy: " + std::string(strategy_name(strategy));
      if (!team.empty()) out += ", team: " + team;
      return out + "}";
    case ActionKind::escalate:
      out += " {reason: " + value;
      if (!agent.empty()) out += ", agent: " + agent;
      if (!team.empty()) out += ", team: " + team;
      return out + "}";
    case ActionKind::reply: return out + " {template: " + template_name + "}";
    case ActionKind::notify:
      return out + " {" + (!agent.empty() ? "agent: " + agent : !team.empty() ? "team: " + team : "webhook: " + webhook) +
             ", template: " + template_name + "}";
    case ActionKind::close:
      return out + " {resolution: " + value + (summary.empty() ? "" : ", summary: " + summary) + "}";
    case ActionKind::send_survey:
    case ActionKind::merge_duplicates:
      return out + " {" + (kind == ActionKind::send_survey ? "kind: " + value + ", expires: " : "window: ") +
             core::format_duration(std::chrono::milliseconds(millis)) +
             (kind == ActionKind::merge_duplicates ? ", min_score: " + shortest(min_score) : "") + "}";
    case ActionKind::unmerge:
    case ActionKind::split:
    case ActionKind::link_incident:
    case ActionKind::stop: return out;
    default: return out + ": " + value;
  }
}

}  // namespace frontdesk::rules
