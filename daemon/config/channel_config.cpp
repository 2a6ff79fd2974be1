// SPDX-License-Identifier: Apache-2.0
#include "config/channel_config.hpp"

#include <charconv>
#include <cstring>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "config/yaml_values.hpp"

namespace frontdesk::config {
namespace {

namespace json = boost::json;

class ChannelChecker {
 public:
  ChannelChecker(const ChannelConfig& channel, std::vector<std::string>& errors)
      : channel_(channel), prefix_("channels." + channel.name), errors_(errors) {}

  std::string check(std::span<const fd_config_key> keys) {
    json::object merged;
    for (const fd_config_key& key : keys) {
      if (key.name == nullptr) {
        report(YAML::Node(), prefix_ + ": the plugin declares a key without a name");
        continue;
      }
      merged[key.name] = default_value(key);
    }

    const std::string valid = valid_keys(keys);
    for (auto it = channel_.settings.begin(); it != channel_.settings.end(); ++it) {
      const YAML::Node key = it->first;
      const std::string name = key.IsScalar() ? key.Scalar() : std::string();
      const fd_config_key* declared = find(keys, name);
      if (declared == nullptr) {
        report(key, prefix_ + ": unknown key " +
                        (key.IsScalar() ? "'" + name + "'" : describe(key)) + " (valid: " + valid +
                        ")");
        continue;
      }
      if (auto value = user_value(*declared, key, it->second)) {
        merged[declared->name] = std::move(*value);
      }
    }
    return json::serialize(merged);
  }

 private:
  static const fd_config_key* find(std::span<const fd_config_key> keys, std::string_view name) {
    for (const fd_config_key& key : keys) {
      if (key.name != nullptr && name == key.name) {
        return &key;
      }
    }
    return nullptr;
  }

  // The declared keys in the plugin's order, then `enabled`, which every channel has.
  static std::string valid_keys(std::span<const fd_config_key> keys) {
    std::string out;
    for (const fd_config_key& key : keys) {
      if (key.name != nullptr) {
        out += key.name;
        out += ", ";
      }
    }
    return out + "enabled";
  }

  json::value default_value(const fd_config_key& key) {
    if (key.default_json == nullptr) {
      return nullptr;
    }
    boost::system::error_code error;
    json::value value = json::parse(key.default_json, error);
    if (error) {
      report(YAML::Node(), prefix_ + ": the plugin's default for '" + key.name +
                               "' is not valid JSON: " + key.default_json);
      return nullptr;
    }
    return value;
  }

  std::optional<json::value> user_value(const fd_config_key& declared, const YAML::Node& key,
                                        const YAML::Node& value) {
    const std::string path = prefix_ + "." + declared.name;
    // The type comes from a plugin built elsewhere: read it as the integer it is, so a
    // value outside the enum is reported instead of being undefined behaviour.
    std::underlying_type_t<fd_config_type> type = 0;
    std::memcpy(&type, &declared.type, sizeof type);
    switch (type) {
      case FD_CONFIG_STRING:
        if (value.IsScalar()) {
          return json::value(value.Scalar());
        }
        report(key, path + ": expected a string, got " + describe(value));
        return std::nullopt;
      case FD_CONFIG_INT:
        if (const auto number = scalar_as_int(value)) {
          return json::value(*number);
        }
        report(key, path + ": expected an integer, got " + describe(value));
        return std::nullopt;
      case FD_CONFIG_BOOL:
        if (const auto flag = scalar_as_bool(value)) {
          return json::value(*flag);
        }
        report(key, path + ": expected true or false, got " + describe(value));
        return std::nullopt;
      case FD_CONFIG_LIST:
        if (value.IsSequence()) {
          return to_json(value, path);
        }
        report(key, path + ": expected a list, got " + describe(value));
        return std::nullopt;
      case FD_CONFIG_MAP:
        if (value.IsMap()) {
          return to_json(value, path);
        }
        report(key, path + ": expected a mapping, got " + describe(value));
        return std::nullopt;
    }
    report(key, path + ": the plugin declares an unknown type " + std::to_string(type));
    return std::nullopt;
  }

  // YAML as JSON, for LIST and MAP values whose inner keys the plugin checks itself.
  json::value to_json(const YAML::Node& node, const std::string& path) {
    switch (node.Type()) {
      case YAML::NodeType::Map: {
        json::object object;
        for (auto it = node.begin(); it != node.end(); ++it) {
          if (!it->first.IsScalar()) {
            report(it->first, path + ": keys must be plain names, got " + describe(it->first));
            continue;
          }
          const std::string& name = it->first.Scalar();
          if (object.contains(name)) {
            report(it->first, path + ": duplicate key '" + name + "'");
            continue;
          }
          object[name] = to_json(it->second, path + "." + name);
        }
        return object;
      }
      case YAML::NodeType::Sequence: {
        json::array array;
        std::size_t index = 0;
        for (const YAML::Node& item : node) {
          array.push_back(to_json(item, path + "[" + std::to_string(index) + "]"));
          ++index;
        }
        return array;
      }
      case YAML::NodeType::Scalar:
        return scalar_to_json(node);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return nullptr;
    }
    return nullptr;
  }

  // A plain scalar is typed as YAML 1.2's core schema would; a quoted one is a string.
  // Numbers with leading zeros ("0123") stay strings, since they are usually codes.
  static json::value scalar_to_json(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (!is_plain_scalar(node)) {
      return json::value(text);
    }
    if (text == "~" || text == "null" || text == "Null" || text == "NULL") {
      return nullptr;
    }
    if (const auto flag = scalar_as_bool(node)) {
      return json::value(*flag);
    }
    if (const auto number = scalar_as_int(node)) {
      const std::string_view digits = std::string_view(text).substr(text.starts_with('-') ? 1 : 0);
      if (digits.size() > 1 && digits.front() == '0') {
        return json::value(text);
      }
      return json::value(*number);
    }
    if (const auto real = as_real(text)) {
      return json::value(*real);
    }
    return json::value(text);
  }

  static std::optional<double> as_real(std::string_view text) {
    bool has_digit = false;
    for (const char c : text) {
      if (c >= '0' && c <= '9') {
        has_digit = true;
      } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        return std::nullopt;
      }
    }
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!has_digit || error != std::errc{} || end != text.data() + text.size()) {
      return std::nullopt;
    }
    return value;
  }

  void report(const YAML::Node& node, const std::string& message) {
    errors_.push_back(location(channel_.file, node, channel_.line) + ": " + message);
  }

  const ChannelConfig& channel_;
  std::string prefix_;
  std::vector<std::string>& errors_;
};

}  // namespace

std::string validate_channel_settings(const ChannelConfig& channel,
                                      std::span<const fd_config_key> keys,
                                      std::vector<std::string>& errors) {
  return ChannelChecker(channel, errors).check(keys);
}

}  // namespace frontdesk::config
