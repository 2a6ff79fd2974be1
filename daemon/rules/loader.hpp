// SPDX-License-Identifier: Apache-2.0
// Loading rules in stages (read, check, compile): rules.dir/*.yaml in file-name order,
// templates from rules.dir/templates, Lua scripts referenced by `lua:`. Every problem in
// every file is collected; a set with any error is not built.
#pragma once

#include "rules/channel_rules.hpp"
#include "rules/rule.hpp"

#include <filesystem>
#include <memory>

namespace frontdesk::rules {

// Throws RuleSetError listing every `file:line:col: message`. A missing folder is an
// empty rule set. The rules `channel` turns on come first (channel_rules.hpp). Templates fall
// back on `default_language` (languages.default) before en.
[[nodiscard]] std::shared_ptr<const RuleSet> load_rule_set(
    const std::filesystem::path& dir, const ChannelRules& channel = {},
    const std::string& default_language = std::string(core::kLastResortLocale));

// One rules file from text, with the given templates; `lua_dir` resolves `lua:` paths.
// For tests and `rules test`. Throws RuleSetError.
[[nodiscard]] std::shared_ptr<const RuleSet> load_rule_text(const std::string& file, const std::string& text,
                                                            TemplateSet templates,
                                                            const std::filesystem::path& lua_dir = {});

}  // namespace frontdesk::rules
