// SPDX-License-Identifier: Apache-2.0
#include "config/config_loader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <system_error>
#include <vector>

#include "config/yaml_values.hpp"
#include "core/duration.hpp"
#include "core/locale.hpp"
#include "net/ip_networks.hpp"

namespace frontdesk::config {
namespace {

namespace fs = std::filesystem;

using KeyList = std::span<const std::string_view>;

constexpr std::array<std::string_view, 18> top_level_keys{
    "listen", "state_dir", "database", "plugins",  "rules",   "sla",      "auth",      "log",
    "http",   "threads",   "channels", "outbox",   "webhooks", "events",  "languages", "web",
    "public_url", "status"};
constexpr std::array<std::string_view, 2> database_keys{"url", "pool_size"};
constexpr std::array<std::string_view, 1> plugins_keys{"dir"};
constexpr std::array<std::string_view, 1> rules_keys{"dir"};
constexpr std::array<std::string_view, 1> web_keys{"dir"};
constexpr std::array<std::string_view, 2> languages_keys{"default", "offered"};
constexpr std::array<std::string_view, 2> sla_keys{"policies", "calendars"};
constexpr std::array<std::string_view, 1> auth_keys{"bootstrap_admin_token"};
constexpr std::array<std::string_view, 1> log_keys{"level"};
constexpr std::array<std::string_view, 5> http_keys{"body_limit", "header_timeout", "idle_timeout",
                                                    "request_timeout", "trusted_proxies"};
constexpr std::array<std::string_view, 7> outbox_keys{
    "workers", "batch_size", "max_attempts", "backoff_base", "backoff_max", "lease", "poll_interval"};
constexpr std::array<std::string_view, 2> webhooks_keys{"max_attempts", "allow_private_networks"};
constexpr std::array<std::string_view, 4> status_keys{"name", "monitors", "signup_limit_per_hour",
                                                      "allow_private_networks"};
constexpr std::array<std::string_view, 12> monitor_keys{
    "name", "component", "http", "tcp", "tls", "dns", "interval", "timeout", "failures",
    "expect_status", "expect_text", "min_days"};
constexpr std::array<std::string_view, 3> events_keys{"max_queued_bytes", "max_connections_per_token",
                                                      "heartbeat"};

// One `key: value` pair of a mapping, with the dotted path used in messages.
struct Field {
  std::string name;
  std::string path;  // "http.body_limit"
  YAML::Node key;
  YAML::Node value;
};

std::string join(KeyList keys) {
  std::string out;
  for (const std::string_view key : keys) {
    if (!out.empty()) {
      out += ", ";
    }
    out += key;
  }
  return out;
}

bool contains(KeyList keys, std::string_view name) {
  for (const std::string_view key : keys) {
    if (key == name) {
      return true;
    }
  }
  return false;
}

bool is_valid_channel_name(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// An absolute http:// or https:// URL with a host and no spaces or control characters.
bool is_http_url(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

// Letters, digits, '-' and '.', with no empty label: a name to resolve.
bool is_host_name(std::string_view text) {
  if (text.empty() || text.size() > 253 || text.front() == '.' || text.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

// An absolute, normalised form of `path`, relative ones taken from the working directory.
fs::path absolute_path(const fs::path& path) {
  fs::path out = fs::absolute(path).lexically_normal();
  if (out.filename().empty() && out != out.root_path()) {
    out = out.parent_path();  // "rules/" → ".../rules"
  }
  return out;
}

// Collects problems while walking the document; nothing is thrown until the end.
class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  Config load(std::string_view yaml) {
    Config config;
    config.file = file_;
    config.sla.file = file_;
    for (auto& [name, channel] : config.channels) {
      channel.file = file_;
    }

    const YAML::Node root = parse(yaml);
    if (root.IsMap()) {
      read_top_level(root, config);
    } else if (root.IsDefined() && !root.IsNull()) {
      problem(root.Mark(), "the configuration must be a mapping of keys, got " + describe(root));
    }

    if (config.bootstrap_admin_token.empty()) {
      // Loading runs at start-up and in --check, before any thread could call setenv.
      if (const char* token = std::getenv(admin_token_env.data());  // NOLINT(concurrency-mt-unsafe)
          token != nullptr) {
        config.bootstrap_admin_token = token;
      }
    }
    config.state_dir = absolute_path(config.state_dir);
    config.plugins_dir = absolute_path(config.plugins_dir);
    config.rules_dir = absolute_path(config.rules_dir);
    config.web_dir = absolute_path(config.web_dir);
    config.threads = resolve_thread_count(config.threads);
    if (config.public_url.empty()) config.public_url = "http://" + config.listen.to_string();
    while (config.public_url.ends_with('/')) config.public_url.pop_back();

    if (!problems_.empty()) {
      // Unknown keys are found before the values beside them are read: report in file order.
      std::stable_sort(problems_.begin(), problems_.end(),
                       [](const Problem& a, const Problem& b) { return a.line < b.line; });
      std::vector<std::string> messages;
      messages.reserve(problems_.size());
      for (Problem& problem : problems_) {
        messages.push_back(std::move(problem.message));
      }
      throw ConfigError(std::move(messages));
    }
    return config;
  }

 private:
  // The one document of the file; a Null node for an empty file.
  YAML::Node parse(std::string_view yaml) {
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(std::string(yaml));
    } catch (const YAML::Exception& e) {
      throw ConfigError({location(file_, e.mark) + ": " + e.msg});
    }
    if (documents.empty()) {
      return YAML::Node();
    }
    if (documents.size() > 1) {
      problem(documents[1].Mark(),
              "expected one YAML document, found " + std::to_string(documents.size()));
    }
    return documents.front();
  }

  void problem(const YAML::Mark& mark, const std::string& message) {
    problems_.push_back(Problem{mark.line, location(file_, mark) + ": " + message});
  }

  void problem(const Field& field, const std::string& message) {
    problem(field.key.Mark(), field.path + ": " + message);
  }

  // The pairs of `map` with valid, unique keys; the rest are reported. `section` names
  // the mapping in messages ("top level", "database"); `prefix` starts the field paths.
  std::vector<Field> fields(const YAML::Node& map, std::string_view section,
                            std::string_view prefix, KeyList valid) {
    std::vector<Field> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        problem(key.Mark(), "keys under '" + std::string(section) + "' must be plain names, got " +
                                describe(key));
        continue;
      }
      const std::string& name = key.Scalar();
      if (!contains(valid, name)) {
        problem(key.Mark(), "unknown key '" + name + "' under '" + std::string(section) +
                                "' (valid: " + join(valid) + ")");
        continue;
      }
      if (!unique(out, key, prefix)) {
        continue;
      }
      out.push_back(Field{name, std::string(prefix) + name, key, it->second});
    }
    return out;
  }

  bool unique(const std::vector<Field>& seen, const YAML::Node& key, std::string_view prefix) {
    for (const Field& field : seen) {
      if (field.name == key.Scalar()) {
        problem(key.Mark(), "duplicate key '" + std::string(prefix) + key.Scalar() +
                                "' (first set on line " +
                                std::to_string(field.key.Mark().line + 1) + ")");
        return false;
      }
    }
    return true;
  }

  // A nested section such as `database:`. Empty (`database:`) means all defaults.
  std::vector<Field> section(const Field& field, KeyList valid) {
    if (field.value.IsNull()) {
      return {};
    }
    if (!field.value.IsMap()) {
      problem(field, "expected a mapping, got " + describe(field.value));
      return {};
    }
    return fields(field.value, field.path, field.path + ".", valid);
  }

  std::optional<std::string> string_value(const Field& field) {
    if (field.value.IsScalar()) {
      return field.value.Scalar();
    }
    if (field.value.IsNull()) {
      problem(field, "expected a string, got an empty value (write \"\" for an empty string)");
    } else {
      problem(field, "expected a string, got " + describe(field.value));
    }
    return std::nullopt;
  }

  void read_path(const Field& field, fs::path& out) {
    if (auto text = string_value(field)) {
      if (text->empty()) {
        problem(field, "must not be empty");
      } else {
        out = *text;
      }
    }
  }

  void read_int(const Field& field, std::int64_t min, std::int64_t max, int& out) {
    const auto value = scalar_as_int(field.value);
    if (!value) {
      problem(field, "expected an integer, got " + describe(field.value));
    } else if (*value < min || *value > max) {
      problem(field, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                         ", got " + std::to_string(*value));
    } else {
      out = static_cast<int>(*value);
    }
  }

  void read_duration(const Field& field, std::chrono::milliseconds& out) {
    const auto text = string_value(field);
    if (!text) {
      return;
    }
    const auto duration = core::parse_duration(*text);
    if (!duration) {
      problem(field, duration.error());
    } else if (duration->count() == 0) {
      problem(field, "must be greater than zero");
    } else {
      out = *duration;
    }
  }

  void read_size(const Field& field, std::uint64_t& out) {
    const auto text = string_value(field);
    if (!text) {
      return;
    }
    const auto size = core::parse_size(*text);
    if (!size) {
      problem(field, size.error());
    } else if (*size == 0) {
      problem(field, "must be greater than zero");
    } else {
      out = *size;
    }
  }

  void read_mapping_node(const Field& field, YAML::Node& out) {
    if (field.value.IsMap()) {
      out = field.value;
    } else if (!field.value.IsNull()) {
      problem(field, "expected a mapping, got " + describe(field.value));
    }
  }

  void read_top_level(const YAML::Node& root, Config& config) {
    for (const Field& field : fields(root, "top level", "", top_level_keys)) {
      if (field.name == "listen") {
        read_listen(field, config.listen);
      } else if (field.name == "state_dir") {
        read_path(field, config.state_dir);
      } else if (field.name == "database") {
        read_database(field, config.database);
      } else if (field.name == "plugins") {
        for (const Field& inner : section(field, plugins_keys)) {
          read_path(inner, config.plugins_dir);
        }
      } else if (field.name == "rules") {
        for (const Field& inner : section(field, rules_keys)) {
          read_path(inner, config.rules_dir);
        }
      } else if (field.name == "sla") {
        for (const Field& inner : section(field, sla_keys)) {
          read_mapping_node(inner,
                            inner.name == "policies" ? config.sla.policies : config.sla.calendars);
        }
      } else if (field.name == "auth") {
        for (const Field& inner : section(field, auth_keys)) {
          if (auto token = string_value(inner)) {
            config.bootstrap_admin_token = *token;
          }
        }
      } else if (field.name == "log") {
        for (const Field& inner : section(field, log_keys)) {
          read_log_level(inner, config.log_level);
        }
      } else if (field.name == "http") {
        read_http(field, config.http);
      } else if (field.name == "threads") {
        read_int(field, 0, max_threads, config.threads);
      } else if (field.name == "channels") {
        read_channels(field, config.channels);
      } else if (field.name == "outbox") {
        read_outbox(field, config.outbox);
      } else if (field.name == "webhooks") {
        for (const Field& inner : section(field, webhooks_keys)) {
          if (inner.name == "allow_private_networks") {
            read_networks(inner, config.webhooks.allow_private_networks);
          } else {
            read_int(inner, 1, 1000, config.webhooks.max_attempts);
          }
        }
      } else if (field.name == "events") {
        read_events(field, config.events);
      } else if (field.name == "web") {
        for (const Field& inner : section(field, web_keys)) {
          read_path(inner, config.web_dir);
        }
      } else if (field.name == "languages") {
        read_languages(field, config.languages);
      } else if (field.name == "public_url") {
        read_public_url(field, config.public_url);
      } else if (field.name == "status") {
        read_status(field, config.status);
      }
    }
  }

  // Locales as BCP 47 tags, stored normalised; the default must be one of those offered.
  void read_languages(const Field& field, LanguagesConfig& out) {
    std::optional<Field> default_field;
    for (const Field& inner : section(field, languages_keys)) {
      if (inner.name == "default") {
        if (auto tag = locale_value(inner, inner.value)) out.default_locale = *tag;
        default_field = inner;
        continue;
      }
      if (!inner.value.IsSequence() || inner.value.size() == 0) {
        problem(inner, "must be a non-empty list of language tags, e.g. [en, es, tr]");
        continue;
      }
      out.offered.clear();
      for (const auto& item : inner.value) {
        if (auto tag = locale_value(inner, item)) {
          if (std::find(out.offered.begin(), out.offered.end(), *tag) == out.offered.end()) {
            out.offered.push_back(*tag);
          }
        }
      }
    }
    if (std::find(out.offered.begin(), out.offered.end(), out.default_locale) == out.offered.end()) {
      const auto where = default_field ? default_field->key.Mark() : field.key.Mark();
      problem(where, field.path + ".default: '" + out.default_locale +
                         "' is not one of languages.offered");
    }
  }

  std::optional<std::string> locale_value(const Field& field, const YAML::Node& node) {
    auto tag = node.IsScalar() ? core::normalize_locale(node.Scalar()) : std::nullopt;
    if (!tag) {
      problem(node.Mark(), field.path + ": '" + (node.IsScalar() ? node.Scalar() : std::string("?")) +
                               "' is not a language tag such as en or pt-BR");
    }
    return tag;
  }

  void read_listen(const Field& field, ListenAddress& out) {
    if (const auto text = string_value(field)) {
      auto address = parse_listen_address(*text);
      if (address) {
        out = std::move(address).value();
      } else {
        problem(field, address.error());
      }
    }
  }

  void read_database(const Field& field, DatabaseConfig& out) {
    for (const Field& inner : section(field, database_keys)) {
      if (inner.name == "url") {
        if (auto url = string_value(inner)) {
          out.url = *url;
        }
      } else {
        read_int(inner, 1, max_pool_size, out.pool_size);
      }
    }
  }

  void read_log_level(const Field& field, LogLevel& out) {
    if (const auto text = string_value(field)) {
      if (const auto level = parse_log_level(*text)) {
        out = *level;
      } else {
        problem(field, core::invalid_value_message<LogLevel>(*text));
      }
    }
  }

  void read_http(const Field& field, HttpConfig& out) {
    for (const Field& inner : section(field, http_keys)) {
      if (inner.name == "body_limit") {
        read_size(inner, out.body_limit);
      } else if (inner.name == "header_timeout") {
        read_duration(inner, out.header_timeout);
      } else if (inner.name == "idle_timeout") {
        read_duration(inner, out.idle_timeout);
      } else if (inner.name == "trusted_proxies") {
        read_networks(inner, out.trusted_proxies);
      } else {
        read_duration(inner, out.request_timeout);
      }
    }
  }

  // A list of IP addresses or networks (address/prefix), each checked here so the daemon
  // never starts with an entry it would have to ignore.
  void read_networks(const Field& field, std::vector<std::string>& out) {
    if (field.value.IsNull()) return;
    if (!field.value.IsSequence()) {
      problem(field, "must be a list of IP addresses or networks, e.g. [127.0.0.1, 10.0.0.0/8]");
      return;
    }
    for (const auto& item : field.value) {
      if (!item.IsScalar() || !net::parse_network(item.Scalar())) {
        problem(item.Mark(), field.path + ": '" + (item.IsScalar() ? item.Scalar() : std::string("?")) +
                                 "' is not an IP address or network (e.g. 10.0.0.0/8)");
        continue;
      }
      out.push_back(item.Scalar());
    }
  }

  void read_outbox(const Field& field, OutboxConfig& out) {
    for (const Field& inner : section(field, outbox_keys)) {
      if (inner.name == "workers") {
        read_int(inner, 1, 64, out.workers);
      } else if (inner.name == "batch_size") {
        read_int(inner, 1, 1000, out.batch_size);
      } else if (inner.name == "max_attempts") {
        read_int(inner, 1, 1000, out.max_attempts);
      } else if (inner.name == "backoff_base") {
        read_duration(inner, out.backoff_base);
      } else if (inner.name == "backoff_max") {
        read_duration(inner, out.backoff_max);
      } else if (inner.name == "lease") {
        read_duration(inner, out.lease);
      } else {
        read_duration(inner, out.poll_interval);
      }
    }
  }

  void read_events(const Field& field, EventsConfig& out) {
    for (const Field& inner : section(field, events_keys)) {
      if (inner.name == "max_queued_bytes") {
        read_size(inner, out.max_queued_bytes);
      } else if (inner.name == "max_connections_per_token") {
        read_int(inner, 1, 100000, out.max_connections_per_token);
      } else {
        read_duration(inner, out.heartbeat);
      }
    }
  }

  void read_public_url(const Field& field, std::string& out) {
    if (auto text = string_value(field)) {
      if (!is_http_url(*text)) {
        problem(field, "must be an http:// or https:// URL, e.g. https://desk.example.com");
      } else {
        out = *text;
      }
    }
  }

  void read_status(const Field& field, StatusConfig& out) {
    for (const Field& inner : section(field, status_keys)) {
      if (inner.name == "name") {
        if (auto name = string_value(inner)) out.name = *name;
      } else if (inner.name == "signup_limit_per_hour") {
        read_int(inner, 1, 100000, out.signup_limit_per_hour);
      } else if (inner.name == "allow_private_networks") {
        read_networks(inner, out.allow_private_networks);
      } else {
        read_monitors(inner, out.monitors);
      }
    }
  }

  void read_monitors(const Field& field, std::vector<MonitorConfig>& out) {
    if (field.value.IsNull()) return;
    if (!field.value.IsSequence()) {
      problem(field, "expected a list of monitors, got " + describe(field.value));
      return;
    }
    for (std::size_t i = 0; i < field.value.size(); ++i) {
      const YAML::Node item = field.value[i];
      const std::string path = field.path + "[" + std::to_string(i) + "]";
      if (!item.IsMap()) {
        problem(item.Mark(), path + ": expected a mapping, got " + describe(item));
        continue;
      }
      MonitorConfig monitor;
      if (read_monitor(item, path, monitor)) {
        const bool taken = std::any_of(out.begin(), out.end(),
                                       [&](const MonitorConfig& m) { return m.name == monitor.name; });
        if (taken) {
          problem(item.Mark(), path + ": another monitor is named '" + monitor.name + "'");
        } else {
          out.push_back(std::move(monitor));
        }
      }
    }
  }

  // One monitor; false when it has a problem (reported).
  bool read_monitor(const YAML::Node& item, const std::string& path, MonitorConfig& out) {
    const auto before = problems_.size();
    int targets = 0;
    for (const Field& inner : fields(item, path, path + ".", monitor_keys)) {
      const auto& n = inner.name;
      if (n == "name" || n == "component" || n == "expect_text") {
        if (auto text = string_value(inner)) {
          if (text->empty() && n != "expect_text") problem(inner, "must not be empty");
          (n == "name" ? out.name : n == "component" ? out.component : out.expect_text) = *text;
        }
      } else if (n == "http" || n == "tcp" || n == "tls" || n == "dns") {
        ++targets;
        if (auto text = string_value(inner)) read_monitor_target(inner, *text, out);
      } else if (n == "interval") {
        read_duration(inner, out.interval);
      } else if (n == "timeout") {
        read_duration(inner, out.timeout);
      } else if (n == "failures") {
        read_int(inner, 1, 100, out.failures);
      } else if (n == "expect_status") {
        read_int(inner, 100, 599, out.expect_status);
      } else {
        read_int(inner, 0, 3650, out.min_days);
      }
    }
    if (out.name.empty()) problem(item.Mark(), path + ": name is required");
    if (out.component.empty()) out.component = out.name;
    if (targets != 1) problem(item.Mark(), path + ": give exactly one of http, tcp, tls or dns");
    if (out.interval < std::chrono::seconds(1)) problem(item.Mark(), path + ".interval: must be at least 1s");
    if (out.timeout >= out.interval) {
      problem(item.Mark(), path + ".timeout: must be shorter than the interval");
    }
    return problems_.size() == before;
  }

  void read_monitor_target(const Field& field, const std::string& text, MonitorConfig& out) {
    using Kind = MonitorConfig::Kind;
    out.target = text;
    if (field.name == "http") {
      out.kind = Kind::http;
      if (!is_http_url(text)) problem(field, "must be an http:// or https:// URL with a host, got '" + text + "'");
    } else if (field.name == "dns") {
      out.kind = Kind::dns;
      if (!is_host_name(text)) problem(field, "must be a host name, got '" + text + "'");
    } else {
      out.kind = field.name == "tcp" ? Kind::tcp : Kind::tls;
      const auto address = parse_listen_address(text);
      if (!address || address->port == 0 || address->host.empty()) {
        problem(field, "must be host:port with a port from 1 to 65535, got '" + text + "'");
      }
    }
  }

  // channels: name → { enabled, plugin keys... }. The plugin keys are checked later
  // against the plugin's declaration (channel_config.hpp); here only their shape.
  void read_channels(const Field& field, std::map<std::string, ChannelConfig, std::less<>>& out) {
    if (field.value.IsNull()) {
      return;
    }
    if (!field.value.IsMap()) {
      problem(field, "expected a mapping of channel names, got " + describe(field.value));
      return;
    }
    std::vector<Field> seen;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar() || !is_valid_channel_name(key.Scalar())) {
        problem(key.Mark(), "channels: invalid channel name " + describe(key) +
                                " (use letters, digits, '_' and '-')");
        continue;
      }
      if (!unique(seen, key, "channels.")) {
        continue;
      }
      Field channel_field{key.Scalar(), "channels." + key.Scalar(), key, it->second};
      seen.push_back(channel_field);
      auto [entry, inserted] = out.try_emplace(key.Scalar());
      ChannelConfig& channel = entry->second;
      if (inserted) {
        channel.name = key.Scalar();
        channel.enabled = false;
      }
      channel.file = file_;
      channel.line = key.Mark().line + 1;
      read_channel(channel_field, channel);
    }
  }

  void read_channel(const Field& field, ChannelConfig& channel) {
    if (field.value.IsNull()) {
      return;
    }
    if (!field.value.IsMap()) {
      problem(field, "expected a mapping, got " + describe(field.value));
      return;
    }
    std::vector<Field> seen;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        problem(key.Mark(), field.path + ": keys must be plain names, got " + describe(key));
        continue;
      }
      if (!unique(seen, key, field.path + ".")) {
        continue;
      }
      Field inner{key.Scalar(), field.path + "." + key.Scalar(), key, it->second};
      seen.push_back(inner);
      if (inner.name == "enabled") {
        if (const auto enabled = scalar_as_bool(inner.value)) {
          channel.enabled = *enabled;
        } else {
          problem(inner, "expected true or false, got " + describe(inner.value));
        }
      } else {
        channel.settings.force_insert(key, inner.value);  // keeps the key's mark
      }
    }
  }

  struct Problem {
    int line;  // 0-based; -1 when unknown
    std::string message;
  };

  std::string file_;
  std::vector<Problem> problems_;
};

}  // namespace

Config load_config_string(std::string_view yaml, std::string_view filename) {
  Config config = Loader(std::string(filename)).load(yaml);
  config.source = std::string(yaml);
  return config;
}

Config load_config(const fs::path& path) {
  const std::string name = path.string();
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) {
    throw ConfigError({name + ": configuration file not found"});
  }
  if (status.type() == fs::file_type::directory) {
    throw ConfigError({name + ": is a directory, not a configuration file"});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int saved = errno;
    throw ConfigError({name + ": cannot read configuration file: " +
                       std::error_code(saved, std::generic_category()).message()});
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw ConfigError({name + ": cannot read configuration file"});
  }
  return load_config_string(text.str(), name);
}

}  // namespace frontdesk::config
