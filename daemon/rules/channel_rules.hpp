// SPDX-License-Identifier: Apache-2.0
// Rules a channel promises its senders, whatever the rules folder holds: they are compiled
// before the folder's rules (so no `stop:` of the admin's skips them) and act as a rule
// named after the channel. Today one: the web form's confirmation mail with the ticket
// number (DESIGN.md, channels: webform), on unless `channels.webform.confirmation: false`.
// Its text is the template `webform_confirmation`: the folder's
// templates/webform_confirmation.yaml when there is one, else the built-in en/es/tr text.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace frontdesk::rules {

struct ChannelRules {
  bool webform_confirmation = false;

  friend bool operator==(const ChannelRules&, const ChannelRules&) = default;
};

inline constexpr std::string_view kChannelRulesFile = "<channel rules>";

// The rules `channel` turns on, as rules-file YAML (empty when none).
[[nodiscard]] std::string channel_rules_yaml(const ChannelRules& channel);

// The templates the channel rules use: name and built-in text.
struct ChannelTemplate {
  std::string_view name;
  std::string_view yaml;
};
[[nodiscard]] std::span<const ChannelTemplate> channel_templates();

}  // namespace frontdesk::rules
