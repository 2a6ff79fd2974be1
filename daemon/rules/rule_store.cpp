// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_store.hpp"

#include "rules/loader.hpp"

namespace frontdesk::rules {

RuleStore::RuleStore(std::shared_ptr<const RuleSet> initial) : current_(std::move(initial)) {}

std::string RuleStore::reload(const std::filesystem::path& dir, const ChannelRules& channel,
                              const std::string& default_language) {
  try {
    replace(load_rule_set(dir, channel, default_language));
    return {};
  } catch (const RuleSetError& e) {
    return e.what();
  }
}

}  // namespace frontdesk::rules
