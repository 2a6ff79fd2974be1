// SPDX-License-Identifier: Apache-2.0
// frontdesk rules check | test --event FILE.json | reload
#include "cli/context.hpp"
#include "rules/dry_run.hpp"
#include "rules/loader.hpp"
#include "storage/connection.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace frontdesk::cli {

namespace {

// The rule set in the configured rules.dir, or nullptr after printing its errors.
std::shared_ptr<const rules::RuleSet> load_or_report(const Context& ctx) {
  try {
    return rules::load_rule_set(ctx.config.rules_dir, rules::ChannelRules{config::webform_confirmation(ctx.config)},
                                ctx.config.languages.default_locale);
  } catch (const rules::RuleSetError& e) {
    if (ctx.json) {
      boost::json::array errors;
      for (const auto& err : e.errors()) errors.emplace_back(err.text());
      std::cout << boost::json::serialize(boost::json::object{{"ok", false}, {"errors", errors}}) << '\n';
    } else {
      std::cerr << e.what() << '\n';
    }
    return nullptr;
  }
}

std::string summary(const rules::RuleSet& set) {
  std::size_t lua = 0, scheduled = 0;
  for (const auto& r : set.rules()) {
    lua += r.lua ? 1 : 0;
    scheduled += r.schedule ? 1 : 0;
  }
  return std::to_string(set.rules().size()) + " rules (" + std::to_string(lua) + " Lua, " + std::to_string(scheduled) +
         " scheduled), templates: " + (set.templates().names().empty() ? "none" : set.templates().names());
}

}  // namespace

int rules_check(int argc, char** argv) {
  po::options_description options("Usage: frontdesk rules check [options]\n"
                                  "Validates the rules, Lua scripts and templates in rules.dir.\nOptions");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  const auto set = load_or_report(*ctx);
  if (!set) return 1;
  if (ctx->json) {
    std::cout << boost::json::serialize(boost::json::object{{"ok", true}, {"rules", set->rules().size()}}) << '\n';
  } else {
    std::cout << ctx->config.rules_dir.string() << ": " << summary(*set) << " OK\n";
  }
  return 0;
}

int rules_test(int argc, char** argv) {
  po::options_description options("Usage: frontdesk rules test --event FILE.json [options]\n"
                                  "Dry run: which rules match the event and what they would do. Nothing "
                                  "is changed.\nOptions");
  options.add_options()("event", po::value<std::string>()->required(), "the event, as JSON");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  const auto set = load_or_report(*ctx);
  if (!set) return 1;
  const std::string path = vm["event"].as<std::string>();
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the event file");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  const auto json = boost::json::parse(text.str(), ec);
  if (ec) throw std::runtime_error(path + ": not valid JSON: " + ec.message());
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const auto event = rules::parse_test_event(json, now);
  if (!event) throw std::runtime_error(path + ": " + event.error());
  rules::LuaSandbox lua;
  const auto outcomes = rules::evaluate(*set, event->event, event->facts, {true, &lua});
  if (ctx->json) {
    boost::json::array list;
    for (const auto& o : outcomes) list.push_back(rules::outcome_json(o));
    std::cout << boost::json::serialize(
                     boost::json::object{{"event", rules::event_name(event->event)}, {"rules", std::move(list)}})
              << '\n';
  } else if (outcomes.empty()) {
    std::cout << "no rules for " << rules::event_name(event->event) << '\n';
  } else {
    for (const auto& o : outcomes) std::cout << rules::format_outcome(o) << '\n';
  }
  return 0;
}

int rules_reload(int argc, char** argv) {
  po::options_description options("Usage: frontdesk rules reload [options]\n"
                                  "Checks the rules, then asks every daemon on the database to reload "
                                  "them (each swaps its rule set atomically, or keeps the old one).\nOptions");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  const auto set = load_or_report(*ctx);
  if (!set) return 1;
  auto connection = ctx->connect();
  connection.exec("NOTIFY fd_rules_reload");
  if (ctx->json) {
    std::cout << boost::json::serialize(boost::json::object{{"ok", true}, {"rules", set->rules().size()}}) << '\n';
  } else {
    std::cout << "reload requested: " << summary(*set) << '\n';
  }
  return 0;
}

}  // namespace frontdesk::cli
