// SPDX-License-Identifier: Apache-2.0
// frontdesk notify: the same operation as POST /api/v1/support/notifications, with the
// templates of the configured rules.dir.
#include "api/call_context.hpp"
#include "cli/api_call.hpp"
#include "notifications/routes.hpp"
#include "rules/loader.hpp"
#include "rules/rule_store.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <stdexcept>

namespace po = boost::program_options;
namespace json = boost::json;

namespace frontdesk::cli {

namespace {

// An id (digits), an e-mail address (has '@') or a phone number.
json::object customer_of(const std::string& who) {
  if (!who.empty() && std::all_of(who.begin(), who.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return {{"id", std::stoll(who)}};
  }
  return {{who.find('@') != std::string::npos ? "email" : "phone", who}};
}

}  // namespace

int notify(int argc, char** argv) {
  po::options_description options(
      "Usage: frontdesk notify --customer WHO --template NAME --key KEY [--var NAME=VALUE ...] [--channel C ...]\n"
      "Sends a template (rules/templates/NAME.yaml) to a customer on the first channel they have opted in to.\n"
      "Options");
  options.add_options()
      ("customer", po::value<std::string>()->required(), "customer id, e-mail address or phone number")
      ("template", po::value<std::string>()->required(), "template name")
      ("key", po::value<std::string>()->required(), "idempotency key: a repeat within 24 h sends nothing more")
      ("var", po::value<std::vector<std::string>>()->composing(), "a template variable, NAME=VALUE (repeatable)")
      ("channel", po::value<std::vector<std::string>>()->composing(),
       "whatsapp, sms or email, in the order to try (repeatable; default all three)");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  json::object variables;
  if (vm.count("var")) {
    for (const auto& v : vm["var"].as<std::vector<std::string>>()) {
      const auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0) throw std::runtime_error("--var takes NAME=VALUE, got '" + v + "'");
      variables[v.substr(0, eq)] = v.substr(eq + 1);
    }
  }
  json::object body{{"customer", customer_of(vm["customer"].as<std::string>())},
                    {"template", vm["template"].as<std::string>()},
                    {"variables", std::move(variables)},
                    {"idempotencyKey", vm["key"].as<std::string>()}};
  if (vm.count("channel")) {
    const auto& channels = vm["channel"].as<std::vector<std::string>>();
    body["channels"] = json::array(channels.begin(), channels.end());
  }
  const rules::RuleStore store(
      rules::load_rule_set(ctx->config.rules_dir, rules::ChannelRules{config::webform_confirmation(ctx->config)},
                           ctx->config.languages.default_locale));
  const api::CallContext<rules::RuleStore> scope(store);
  const ApiCall call{"POST", "/api/v1/support/notifications", {}, {}, std::move(body)};
  const auto print = [](const json::object& doc) {
    const auto& n = doc.at("notification").as_object();
    std::cout << (doc.contains("replayed") ? "already sent: notification " : "sent: notification ") << cell(n.at("id"))
              << " (" << cell(n.at("template")) << ") by " << cell(n.at("channel")) << " to " << cell(n.at("to"))
              << '\n';
  };
  return run_api(*ctx, call, print, notifications::notification_endpoints());
}

}  // namespace frontdesk::cli
