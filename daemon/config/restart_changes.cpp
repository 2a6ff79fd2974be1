// SPDX-License-Identifier: Apache-2.0
#include "config/restart_changes.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

namespace frontdesk::config {

namespace {

// The settings a reload applies.
const std::set<std::string, std::less<>> kReloadable = {"log", "rules", "sla"};

// A node's content in one canonical text, so equal settings compare equal whatever their
// spelling in the file (flow or block style, quoting, key order, comments).
std::string canonical(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "~";
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  std::string out;
  if (node.IsSequence()) {
    out = "[";
    for (const auto& item : node) out += canonical(item) + ",";
    return out + "]";
  }
  std::map<std::string, std::string> entries;
  for (const auto& entry : node) entries[entry.first.Scalar()] = canonical(entry.second);
  out = "{";
  for (const auto& [key, value] : entries) out += "'" + key + "':" + value + ",";
  return out + "}";
}

// The member `key` of `map`, or an undefined node (indexing a missing key of a const node
// gives one that throws when indexed again).
YAML::Node member(const YAML::Node& map, const std::string& key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node found = map[key];
  return found.IsDefined() ? found : YAML::Node(YAML::NodeType::Undefined);
}

// A channel's settings without the keys its plugin applies on reload.
std::string canonical_without(const YAML::Node& node, const std::vector<std::string>& skipped) {
  if (!node.IsDefined() || !node.IsMap()) return canonical(node);
  YAML::Node kept(YAML::NodeType::Map);
  for (const auto& entry : node) {
    const auto key = entry.first.Scalar();
    if (std::find(skipped.begin(), skipped.end(), key) == skipped.end()) kept[key] = entry.second;
  }
  return canonical(kept);
}

std::set<std::string> keys_of(const YAML::Node& map) {
  std::set<std::string> keys;
  if (map.IsDefined() && map.IsMap()) {
    for (const auto& entry : map) keys.insert(entry.first.as<std::string>());
  }
  return keys;
}

}  // namespace

std::vector<std::string> changes_needing_restart(std::string_view started, std::string_view fresh,
                                                 const ReloadableChannelKeys& reloadable) {
  const YAML::Node before = YAML::Load(std::string(started));
  const YAML::Node after = YAML::Load(std::string(fresh));
  std::set<std::string> keys = keys_of(before);
  keys.merge(keys_of(after));
  std::vector<std::string> changed;
  for (const auto& key : keys) {
    if (kReloadable.contains(key)) continue;
    const YAML::Node was = member(before, key);
    const YAML::Node is = member(after, key);
    if (key == "channels") {
      std::set<std::string> names = keys_of(was);
      names.merge(keys_of(is));
      static const std::vector<std::string> kNone;
      for (const auto& name : names) {
        const auto found = reloadable.find(name);
        const auto& skipped = found == reloadable.end() ? kNone : found->second;
        if (canonical_without(member(was, name), skipped) != canonical_without(member(is, name), skipped)) {
          changed.push_back("channels." + name);
        }
      }
      continue;
    }
    if (canonical(was) != canonical(is)) changed.push_back(key);
  }
  return changed;
}

}  // namespace frontdesk::config
