// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/rules_component.hpp"

#include "config/config.hpp"
#include "rules/loader.hpp"
#include "rules/rule_store.hpp"
#include "rules/runtime/rules_runtime.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

namespace frontdesk::rules::runtime {

RulesComponent::RulesComponent(app::Services& services) : Component(services) {}

RulesComponent::~RulesComponent() = default;

void RulesComponent::check(app::CheckReport& report) {
  const auto& dir = services_.config.rules_dir;
  loaded_ = load_rule_set(dir, ChannelRules{config::webform_confirmation(services_.config)},
                          services_.config.languages.default_locale);
  report.lines.push_back(dir.string() + ": " + std::to_string(loaded_->rules().size()) + " rules OK");
}

void RulesComponent::start() {
  store_ = std::make_unique<RuleStore>(loaded_);
  services_.rule_store = store_.get();
  RuntimeOptions options;
  options.metrics = &services_.metrics;
  options.node_name = services_.node_name;  // one name per daemon in the database
  options.public_url = services_.config.public_url;
  runtime_ = std::make_unique<RulesRuntime>(services_.db().conninfo(), *store_, services_.clock, options);
  // `frontdesk rules reload` reaches every daemon through NOTIFY; the reload runs on the loop.
  runtime_->on_reload_request(services_.request_reload);
  runtime_->start();
}

void RulesComponent::stop() { runtime_->stop(); }

// The rules folder is fixed at start; its contents are read again, and the channel rules
// follow the fresh configuration.
void RulesComponent::reload(const config::Config* fresh) {
  const auto& dir = services_.config.rules_dir;
  const ChannelRules channel{config::webform_confirmation(fresh ? *fresh : services_.config)};
  // languages.default is fixed at start (a change needs a restart).
  if (const auto errors = store_->reload(dir, channel, services_.config.languages.default_locale); errors.empty()) {
    spdlog::info("reload: {} rules loaded from {}", store_->current()->rules().size(), dir.string());
  } else {
    spdlog::error("reload: rules rejected, the running set stays:\n{}", errors);
  }
}

}  // namespace frontdesk::rules::runtime
