// SPDX-License-Identifier: Apache-2.0
// The daemon's configuration file (DESIGN.md "Configuration"): what is fixed at start.
//
// Every key has a default, so an empty file is a valid configuration. load_config()
// (config_loader.hpp) fills this struct: after loading, the three paths are absolute
// (relative ones resolved against the working directory) and `threads` is at least 1.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/listen_address.hpp"
#include "core/enum_names.hpp"

namespace frontdesk::config {

// log.level
enum class LogLevel { trace, debug, info, warn, error };

}  // namespace frontdesk::config

template <>
struct frontdesk::core::EnumNames<frontdesk::config::LogLevel> {
  static constexpr std::string_view type_name = "log level";
  static constexpr std::array<std::string_view, 5> names{"trace", "debug", "info", "warn", "error"};
};

namespace frontdesk::config {

// channels.<name>: `enabled` plus the plugin's own keys, checked against the keys the
// plugin declares by validate_channel_settings() (channel_config.hpp).
struct ChannelConfig {
  std::string name;
  bool enabled = false;
  YAML::Node settings{YAML::NodeType::Map};  // every key except `enabled`, with file marks
  std::string file;                          // the configuration file, for messages
  int line = 0;  // 1-based line of `<name>:` under channels; 0 when not in the file
};

// database
struct DatabaseConfig {
  std::string url;    // database.url: "" = embedded PostgreSQL under state_dir/pg
  int pool_size = 8;  // database.pool_size: connections per daemon
};

// sla: kept as YAML (with marks) for the SLA engine to check and report as file:line.
struct SlaConfig {
  YAML::Node policies{YAML::NodeType::Map};   // sla.policies; empty = seed 003 targets
  YAML::Node calendars{YAML::NodeType::Map};  // sla.calendars; empty = 24x7
  std::string file;                           // the configuration file, for messages
};

// http
struct HttpConfig {
  std::uint64_t body_limit = 16ULL * 1024 * 1024;                        // http.body_limit: 16MiB
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);   // http.header_timeout
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);     // http.idle_timeout
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);  // http.request_timeout
  // http.trusted_proxies: addresses or networks ("10.0.0.0/8") of reverse proxies whose
  // X-Forwarded-For / Forwarded name the client; checked when loaded. Empty: none.
  std::vector<std::string> trusted_proxies;
};

// outbox: delivery workers for outbound messages (daemon/outbox).
struct OutboxConfig {
  int workers = 2;                                                    // outbox.workers
  int batch_size = 16;                                                // outbox.batch_size
  int max_attempts = 8;                                               // outbox.max_attempts
  std::chrono::milliseconds backoff_base = std::chrono::seconds(2);   // outbox.backoff_base
  std::chrono::milliseconds backoff_max = std::chrono::hours(1);      // outbox.backoff_max
  std::chrono::milliseconds lease = std::chrono::minutes(5);          // outbox.lease
  std::chrono::milliseconds poll_interval = std::chrono::seconds(5);  // outbox.poll_interval
};

// webhooks: outbound webhook subscriptions (daemon/webhooks).
struct WebhooksConfig {
  int max_attempts = 8;  // webhooks.max_attempts: then the delivery is dead-lettered
  // webhooks.allow_private_networks: loopback, private and other non-public networks
  // (net/destination_guard.hpp) that webhooks may be delivered to all the same. Empty: none.
  std::vector<std::string> allow_private_networks;
};

// events: the event stream (daemon/events): SSE /events and WebSocket /stream.
struct EventsConfig {
  std::uint64_t max_queued_bytes = 1024ULL * 1024;                 // events.max_queued_bytes
  int max_connections_per_token = 16;                              // events.max_connections_per_token
  std::chrono::milliseconds heartbeat = std::chrono::seconds(15);  // events.heartbeat
};

// The build tree's web folder (pages, catalogues, assets); the packaged configuration names
// the installed one.
[[nodiscard]] std::filesystem::path default_web_dir();

// languages: the locales every page a customer reads is offered in (web/i18n/ has a
// catalogue for each), and the one served when nothing the visitor asks for is offered.
struct LanguagesConfig {
  std::string default_locale = "en";                     // languages.default
  std::vector<std::string> offered{"en", "es", "tr"};    // languages.offered
};

// status.monitors[]: one check of a service, run by one daemon of the cluster at a time.
struct MonitorConfig {
  enum class Kind { http, tcp, tls, dns };
  std::string name;
  std::string component;  // by name; created when missing
  Kind kind = Kind::http;
  std::string target;       // the URL (http), "host:port" (tcp, tls) or the host name (dns)
  int expect_status = 0;    // status.monitors[].expect_status: 0 = any 2xx or 3xx
  std::string expect_text;  // status.monitors[].expect_text: the body must contain it
  int min_days = 14;        // status.monitors[].min_days: a TLS certificate expiring sooner fails
  std::chrono::milliseconds interval = std::chrono::seconds(30);
  std::chrono::milliseconds timeout = std::chrono::seconds(5);
  int failures = 2;  // this many failures running mark the component and open a draft incident
};

// status: the status page (daemon/status).
struct StatusConfig {
  std::string name = "Status";  // status.name: the page's title
  std::vector<MonitorConfig> monitors;
  int signup_limit_per_hour = 5;  // status.signup_limit_per_hour: subscriptions per client address
  // status.allow_private_networks: the non-public networks monitors may check. Empty: none.
  std::vector<std::string> allow_private_networks;
};

inline constexpr std::string_view admin_token_env = "FRONTDESK_ADMIN_TOKEN";
inline constexpr int max_threads = 256;
inline constexpr int max_pool_size = 1000;

// The channels a fresh installation knows: only the web form is on.
[[nodiscard]] std::map<std::string, ChannelConfig, std::less<>> default_channels();

struct Config {
  std::string file;  // the configuration file as named in messages ("frontdesk.yaml")
  std::string source;  // its text as loaded: what a reload compares the re-read file with

  ListenAddress listen{"127.0.0.1", 8080};                // listen
  std::filesystem::path state_dir = "./var";              // state_dir
  DatabaseConfig database;                                // database.*
  std::filesystem::path plugins_dir = "./build/plugins";  // plugins.dir
  std::filesystem::path rules_dir = "./rules";            // rules.dir
  // web.dir: page templates, compiled catalogues and assets; the build's own by default.
  std::filesystem::path web_dir = default_web_dir();
  LanguagesConfig languages;                              // languages.*
  SlaConfig sla;                                          // sla.*
  std::string bootstrap_admin_token;    // auth.bootstrap_admin_token, else $FRONTDESK_ADMIN_TOKEN
  LogLevel log_level = LogLevel::info;  // log.level
  HttpConfig http;                      // http.*
  OutboxConfig outbox;                  // outbox.*
  WebhooksConfig webhooks;              // webhooks.*
  EventsConfig events;                  // events.*
  StatusConfig status;                  // status.*
  // public_url: the base of links sent to people; "" = http:// + listen, filled in by loading.
  std::string public_url;
  int threads = 0;  // threads: 0 = min(4, hardware threads); at least 1 after loading
  std::map<std::string, ChannelConfig, std::less<>> channels = default_channels();
};

// channels.webform.confirmation (a key the web form's plugin declares, default true): whether
// the sender of a web form gets a confirmation mail; false while the web form is off.
[[nodiscard]] bool webform_confirmation(const Config& config);

// The thread count `threads: N` asks for: N itself, or min(4, hardware threads) for 0.
[[nodiscard]] int resolve_thread_count(int configured) noexcept;

[[nodiscard]] constexpr std::optional<LogLevel> parse_log_level(std::string_view text) noexcept {
  return core::parse_enum<LogLevel>(text);
}
[[nodiscard]] inline std::string_view log_level_values() { return core::valid_values<LogLevel>(); }

}  // namespace frontdesk::config
