// SPDX-License-Identifier: Apache-2.0
#include "rules/loader.hpp"

#include "rules/channel_rules.hpp"

#include "rules/lua_sandbox.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace frontdesk::rules {

namespace {

constexpr std::string_view kRuleKeys = "name, on, if, then, lua, stop";

bool read_file(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

class Compiler {
 public:
  Compiler(const TemplateSet& templates, std::filesystem::path lua_dir, std::vector<RuleError>& errors)
      : templates_(templates), lua_dir_(std::move(lua_dir)), errors_(errors) {}

  void compile_file(const std::string& file, const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      errors_.push_back({Location::of(file, e.mark), e.msg});
      return;
    }
    if (root.IsNull()) return;
    if (!root.IsSequence()) {
      errors_.push_back({Location::of(file, root), "a rules file is a list of rules"});
      return;
    }
    for (const auto& node : root) {
      try {
        rules_.push_back(compile_rule(file, node));
      } catch (const CompileError& e) {
        errors_.push_back(e.error());
      }
    }
  }

  std::vector<Rule> take() { return std::move(rules_); }

 private:
  Rule compile_rule(const std::string& file, const YAML::Node& node) {
    if (!node.IsMap()) throw CompileError(Location::of(file, node), "a rule is a mapping with " + std::string(kRuleKeys));
    Rule rule;
    rule.where = Location::of(file, node);
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      if (key != "name" && key != "on" && key != "if" && key != "then" && key != "lua" && key != "stop") {
        throw CompileError(Location::of(file, kv.first), "unknown rule key '" + key + "' (valid: " + std::string(kRuleKeys) + ")");
      }
    }
    const YAML::Node name = node["name"];
    if (!name || !name.IsScalar() || name.Scalar().empty()) throw CompileError(rule.where, "a rule needs a name");
    rule.name = name.Scalar();
    if (!names_.insert(rule.name).second) {
      throw CompileError(Location::of(file, name), "duplicate rule name '" + rule.name + "'");
    }
    compile_trigger(file, node, rule);
    if (const YAML::Node cond = node["if"]) rule.condition = compile_condition(file, cond);
    if (const YAML::Node then = node["then"]) {
      if (!then.IsSequence()) throw CompileError(Location::of(file, then), "then is a list of actions");
      for (const auto& a : then) rule.actions.push_back(compile_action(file, a, templates_));
    }
    if (const YAML::Node lua = node["lua"]) rule.lua = load_lua(file, lua);
    if (rule.actions.empty() && !rule.lua) {
      throw CompileError(rule.where, "rule '" + rule.name + "' needs then (a list of actions) or lua (a script)");
    }
    if (const YAML::Node stop = node["stop"]) {
      if (!stop.IsScalar() || (stop.Scalar() != "true" && stop.Scalar() != "false")) {
        throw CompileError(Location::of(file, stop), "stop takes true or false");
      }
      rule.stop = stop.Scalar() == "true";
    }
    return rule;
  }

  static void compile_trigger(const std::string& file, const YAML::Node& node, Rule& rule) {
    const YAML::Node on = node["on"];
    if (!on) throw CompileError(rule.where, "rule '" + rule.name + "' needs on: <event> (valid: " + event_names() + ")");
    if (on.IsMap()) {
      const YAML::Node schedule = on["schedule"];
      if (!schedule || on.size() != 1) {
        throw CompileError(Location::of(file, on), "on takes an event name or {schedule: {every: <duration>}}");
      }
      rule.event = Event::schedule;
      rule.schedule = Schedule::compile(file, schedule);
      return;
    }
    const auto event = on.IsScalar() ? parse_event(on.Scalar()) : std::nullopt;
    if (!event || *event == Event::schedule) {
      throw CompileError(Location::of(file, on), "unknown event '" + (on.IsScalar() ? on.Scalar() : std::string()) +
                                                     "' (valid: " + event_names() + ")");
    }
    rule.event = *event;
  }

  std::shared_ptr<const LuaScript> load_lua(const std::string& file, const YAML::Node& node) {
    if (!node.IsScalar() || node.Scalar().empty()) throw CompileError(Location::of(file, node), "lua names a script file");
    const std::filesystem::path rel(node.Scalar());
    if (rel.is_absolute() || rel.lexically_normal().string().rfind("..", 0) == 0) {
      throw CompileError(Location::of(file, node), "lua scripts live in the rules folder: '" + node.Scalar() + "'");
    }
    auto script = std::make_shared<LuaScript>();
    script->path = (lua_dir_ / rel).string();
    if (!read_file(lua_dir_ / rel, script->source)) {
      throw CompileError(Location::of(file, node), "cannot read Lua script " + script->path);
    }
    LuaSandbox sandbox;
    if (auto error = sandbox.check(*script, templates_); !error.empty()) {
      throw CompileError(Location::of(file, node), error);
    }
    return script;
  }

  const TemplateSet& templates_;
  std::filesystem::path lua_dir_;
  std::vector<RuleError>& errors_;
  std::vector<Rule> rules_;
  std::set<std::string> names_;
};

}  // namespace

std::shared_ptr<const RuleSet> load_rule_set(const std::filesystem::path& dir, const ChannelRules& channel,
                                             const std::string& default_language) {
  std::vector<RuleError> errors;
  TemplateSet templates = TemplateSet::load(dir / "templates", default_language, errors);
  Compiler compiler(templates, dir, errors);
  if (const auto yaml = channel_rules_yaml(channel); !yaml.empty()) {
    for (const auto& t : channel_templates()) {
      if (!templates.has(t.name)) templates.add(std::string(t.name), std::string(kChannelRulesFile), std::string(t.yaml), errors);
    }
    compiler.compile_file(std::string(kChannelRulesFile), yaml);
  }
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::string text;
      if (!read_file(path, text)) {
        errors.push_back({{path.string(), 0, 0}, "cannot read rules file"});
        continue;
      }
      compiler.compile_file(path.string(), text);
    }
  } else if (std::filesystem::exists(dir, ec)) {
    errors.push_back({{dir.string(), 0, 0}, "rules.dir is not a folder"});
  }
  if (!errors.empty()) throw RuleSetError(std::move(errors));
  return std::make_shared<const RuleSet>(compiler.take(), std::move(templates));
}

std::shared_ptr<const RuleSet> load_rule_text(const std::string& file, const std::string& text, TemplateSet templates,
                                              const std::filesystem::path& lua_dir) {
  std::vector<RuleError> errors;
  Compiler compiler(templates, lua_dir, errors);
  compiler.compile_file(file, text);
  if (!errors.empty()) throw RuleSetError(std::move(errors));
  return std::make_shared<const RuleSet>(compiler.take(), std::move(templates));
}

}  // namespace frontdesk::rules
