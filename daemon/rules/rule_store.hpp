// SPDX-License-Identifier: Apache-2.0
// The running rule set, published as an immutable snapshot: readers take a shared_ptr
// without locking; reload builds the new set beside the old one and swaps it in only when
// it loaded without a single error.
#pragma once

#include "rules/channel_rules.hpp"
#include "rules/rule.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

namespace frontdesk::rules {

class RuleStore {
 public:
  explicit RuleStore(std::shared_ptr<const RuleSet> initial);

  [[nodiscard]] std::shared_ptr<const RuleSet> current() const { return current_.load(); }
  void replace(std::shared_ptr<const RuleSet> fresh) { current_.store(std::move(fresh)); }

  // Loads `dir` (with the rules `channel` turns on, templates falling back on
  // `default_language`) and swaps on success; on failure returns every error (one per line)
  // and the running set stays.
  [[nodiscard]] std::string reload(const std::filesystem::path& dir, const ChannelRules& channel = {},
                                   const std::string& default_language = std::string(core::kLastResortLocale));

 private:
  std::atomic<std::shared_ptr<const RuleSet>> current_;
};

}  // namespace frontdesk::rules
