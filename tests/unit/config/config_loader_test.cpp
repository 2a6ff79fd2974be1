// SPDX-License-Identifier: Apache-2.0
#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

#include "config/log_level.hpp"
#include "config/yaml_values.hpp"

namespace frontdesk::config {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Every test starts without FRONTDESK_ADMIN_TOKEN and leaves the environment as it was.
class ConfigLoaderTest : public testing::Test {
 protected:
  void SetUp() override {
    if (const char* value = std::getenv("FRONTDESK_ADMIN_TOKEN")) {
      saved_token_ = value;
    }
    unsetenv("FRONTDESK_ADMIN_TOKEN");
  }
  void TearDown() override {
    if (saved_token_) {
      setenv("FRONTDESK_ADMIN_TOKEN", saved_token_->c_str(), 1);
    } else {
      unsetenv("FRONTDESK_ADMIN_TOKEN");
    }
  }

  static Config load(std::string_view yaml) { return load_config_string(yaml, "frontdesk.yaml"); }

  // The ConfigError message for `yaml`; fails the test when it loads.
  static std::string problems(std::string_view yaml) {
    try {
      (void)load(yaml);
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "loaded without error:\n" << yaml;
    return {};
  }

  static fs::path cwd(const fs::path& relative) { return fs::current_path() / relative; }

 private:
  std::optional<std::string> saved_token_;
};

void expect_defaults(const Config& config) {
  EXPECT_EQ(config.file, "frontdesk.yaml");
  EXPECT_EQ(config.listen.host, "127.0.0.1");
  EXPECT_EQ(config.listen.port, 8080);
  EXPECT_EQ(config.state_dir, fs::current_path() / "var");
  EXPECT_EQ(config.database.url, "");
  EXPECT_EQ(config.database.pool_size, 8);
  EXPECT_EQ(config.plugins_dir, fs::current_path() / "build" / "plugins");
  EXPECT_EQ(config.rules_dir, fs::current_path() / "rules");
  EXPECT_TRUE(config.sla.policies.IsMap());
  EXPECT_EQ(config.sla.policies.size(), 0U);
  EXPECT_TRUE(config.sla.calendars.IsMap());
  EXPECT_EQ(config.sla.calendars.size(), 0U);
  EXPECT_EQ(config.sla.file, "frontdesk.yaml");
  EXPECT_EQ(config.bootstrap_admin_token, "");
  EXPECT_EQ(config.log_level, LogLevel::info);
  EXPECT_EQ(config.http.body_limit, 16U * 1024 * 1024);
  EXPECT_EQ(config.http.header_timeout, 10s);
  EXPECT_EQ(config.http.idle_timeout, 60s);
  EXPECT_EQ(config.http.request_timeout, 30s);
  const int hardware = static_cast<int>(std::thread::hardware_concurrency());
  EXPECT_EQ(config.threads, std::clamp(std::min(hardware, 4), 1, 4));

  ASSERT_EQ(config.channels.size(), 4U);
  for (const auto& [name, channel] : config.channels) {
    EXPECT_EQ(channel.name, name);
    EXPECT_EQ(channel.enabled, name == "webform") << name;
    EXPECT_TRUE(channel.settings.IsMap()) << name;
    EXPECT_EQ(channel.settings.size(), 0U) << name;
    EXPECT_EQ(channel.file, "frontdesk.yaml");
    EXPECT_EQ(channel.line, 0);
  }
  EXPECT_TRUE(config.channels.contains("email"));
  EXPECT_TRUE(config.channels.contains("whatsapp"));
  EXPECT_TRUE(config.channels.contains("sms"));
}

TEST_F(ConfigLoaderTest, EmptyFileGivesAllDefaults) {
  expect_defaults(load(""));
  expect_defaults(load("# nothing but a comment\n\n"));
  expect_defaults(load("---\n"));
}

TEST_F(ConfigLoaderTest, EmptySectionsKeepTheirDefaults) {
  expect_defaults(load("database:\nplugins:\nrules:\nsla:\nauth:\nlog:\nhttp:\nchannels:\n"));
}

TEST_F(ConfigLoaderTest, DefaultConstructedConfigHasTheDocumentedDefaults) {
  const Config config;
  EXPECT_EQ(config.listen.to_string(), "127.0.0.1:8080");
  EXPECT_EQ(config.state_dir, "./var");
  EXPECT_EQ(config.plugins_dir, "./build/plugins");
  EXPECT_EQ(config.rules_dir, "./rules");
  EXPECT_EQ(config.threads, 0);
  EXPECT_EQ(config.channels.size(), 4U);
}

TEST_F(ConfigLoaderTest, ReadsEveryKey) {
  const Config config = load(R"(listen: "[::1]:9090"
state_dir: /srv/frontdesk
database: { url: "postgresql://desk@db/desk", pool_size: 16 }
plugins: { dir: /usr/lib/frontdesk/plugins }
rules: { dir: /etc/frontdesk/rules }
sla:
  policies:
    default: { urgent: { first_response: 15m, resolution: 2h } }
  calendars:
    office: { time_zone: Europe/Madrid }
auth: { bootstrap_admin_token: "s3cret" }
log: { level: debug }
http:
  body_limit: 512KiB
  header_timeout: 5s
  idle_timeout: 2m
  request_timeout: 1m30s
threads: 3
channels:
  webform: { enabled: true, rate_limit_per_minute: 10 }
  email:
    enabled: false
    address: support@example.com
    listen: 127.0.0.1:2525
    protocol: smtp
    pop3: []
    outbound: { host: 127.0.0.1, port: 25, starttls: false, username: "", password: "" }
)");
  EXPECT_EQ(config.listen, (ListenAddress{"::1", 9090}));
  EXPECT_EQ(config.state_dir, "/srv/frontdesk");
  EXPECT_EQ(config.database.url, "postgresql://desk@db/desk");
  EXPECT_EQ(config.database.pool_size, 16);
  EXPECT_EQ(config.plugins_dir, "/usr/lib/frontdesk/plugins");
  EXPECT_EQ(config.rules_dir, "/etc/frontdesk/rules");
  EXPECT_EQ(config.bootstrap_admin_token, "s3cret");
  EXPECT_EQ(config.log_level, LogLevel::debug);
  EXPECT_EQ(config.http.body_limit, 512U * 1024);
  EXPECT_EQ(config.http.header_timeout, 5s);
  EXPECT_EQ(config.http.idle_timeout, 2min);
  EXPECT_EQ(config.http.request_timeout, 90s);
  EXPECT_EQ(config.threads, 3);

  ASSERT_TRUE(config.sla.policies["default"]);
  EXPECT_EQ(config.sla.policies["default"]["urgent"]["resolution"].Scalar(), "2h");
  EXPECT_EQ(location(config.sla.file, config.sla.policies["default"]), "frontdesk.yaml:8");
  EXPECT_EQ(config.sla.calendars["office"]["time_zone"].Scalar(), "Europe/Madrid");

  const ChannelConfig& email = config.channels.at("email");
  EXPECT_FALSE(email.enabled);
  EXPECT_EQ(email.line, 21);
  EXPECT_EQ(email.settings.size(), 5U);
  EXPECT_FALSE(email.settings["enabled"]);
  EXPECT_EQ(email.settings["address"].Scalar(), "support@example.com");
  EXPECT_TRUE(email.settings["pop3"].IsSequence());
  EXPECT_EQ(email.settings["outbound"]["port"].Scalar(), "25");

  const ChannelConfig& webform = config.channels.at("webform");
  EXPECT_TRUE(webform.enabled);
  EXPECT_EQ(webform.line, 20);
  EXPECT_EQ(webform.settings["rate_limit_per_minute"].Scalar(), "10");
  // Default channels not named in the file are still there.
  EXPECT_FALSE(config.channels.at("sms").enabled);
  EXPECT_FALSE(config.channels.at("whatsapp").enabled);
}

TEST_F(ConfigLoaderTest, UnknownTopLevelKey) {
  EXPECT_EQ(problems("# Frontdesk\n"
                     "state_dir: ./var\n"
                     "\n"
                     "database:\n"
                     "  url: \"\"\n"
                     "\n"
                     "listn: 127.0.0.1:8080\n"),
            "frontdesk.yaml:7: unknown key 'listn' under 'top level' (valid: listen, state_dir, "
            "database, plugins, rules, sla, auth, log, http, threads, channels, outbox, webhooks, "
            "events, languages, web, public_url, status)");
}

TEST_F(ConfigLoaderTest, UnknownNestedKeys) {
  EXPECT_EQ(problems("database:\n  url: \"\"\n  pool: 4\n"),
            "frontdesk.yaml:3: unknown key 'pool' under 'database' (valid: url, pool_size)");
  EXPECT_EQ(problems("http: { body_limt: 1MiB }\n"),
            "frontdesk.yaml:1: unknown key 'body_limt' under 'http' (valid: body_limit, "
            "header_timeout, idle_timeout, request_timeout, trusted_proxies)");
  EXPECT_EQ(problems("plugins: { directory: x }\n"),
            "frontdesk.yaml:1: unknown key 'directory' under 'plugins' (valid: dir)");
  EXPECT_EQ(problems("sla:\n  policy: {}\n"),
            "frontdesk.yaml:2: unknown key 'policy' under 'sla' (valid: policies, calendars)");
  EXPECT_EQ(problems("auth:\n  token: x\n"),
            "frontdesk.yaml:2: unknown key 'token' under 'auth' (valid: bootstrap_admin_token)");
  EXPECT_EQ(problems("log:\n  lvl: x\n"),
            "frontdesk.yaml:2: unknown key 'lvl' under 'log' (valid: level)");
  EXPECT_EQ(problems("rules:\n  path: x\n"),
            "frontdesk.yaml:2: unknown key 'path' under 'rules' (valid: dir)");
}

TEST_F(ConfigLoaderTest, InvalidListen) {
  EXPECT_EQ(problems("state_dir: ./var\n\nlisten: 127.0.0.1:99999\n"),
            "frontdesk.yaml:3: listen: invalid port '99999'");
  EXPECT_EQ(problems("listen: ::1:8080\n"),
            "frontdesk.yaml:1: listen: IPv6 address in '::1:8080' must be in brackets, e.g. "
            "[::1]:8080");
  EXPECT_EQ(problems("listen: 8080\n"),
            "frontdesk.yaml:1: listen: missing port in '8080' (expected host:port)");
  EXPECT_EQ(problems("listen: [127.0.0.1, 8080]\n"),
            "frontdesk.yaml:1: listen: expected a string, got a list");
}

TEST_F(ConfigLoaderTest, BadSizesAndDurations) {
  EXPECT_EQ(problems("\n\n\n\n\n\n\n\n\n\nhttp:\n  body_limit: ten\n"),
            "frontdesk.yaml:12: http.body_limit: bad size 'ten': expected a byte count such as "
            "1048576, 512KiB or 10MiB");
  EXPECT_EQ(problems("http:\n  body_limit: 0\n"),
            "frontdesk.yaml:2: http.body_limit: must be greater than zero");
  EXPECT_EQ(problems("http:\n  header_timeout: 10\n"),
            "frontdesk.yaml:2: http.header_timeout: bad duration '10': missing unit after 10 "
            "(use w, d, h, m, s, ms)");
  EXPECT_EQ(problems("http:\n  idle_timeout: -1s\n"),
            "frontdesk.yaml:2: http.idle_timeout: bad duration '-1s': negative durations are "
            "not allowed");
  EXPECT_EQ(problems("http:\n  request_timeout: 0s\n"),
            "frontdesk.yaml:2: http.request_timeout: must be greater than zero");
}

TEST_F(ConfigLoaderTest, CollectsEveryProblemInFileOrder) {
  const std::string what = problems(R"(listen: 127.0.0.1:99999
state_dir: ""
database: { url: "", pool_size: 0 }
log: { level: verbose }
threads: four
http:
  body_limit: ten
  header_timeout: 1x
tickets: {}
channels:
  webform: { enabled: yes }
)");
  EXPECT_EQ(what,
            "frontdesk.yaml:1: listen: invalid port '99999'\n"
            "frontdesk.yaml:2: state_dir: must not be empty\n"
            "frontdesk.yaml:3: database.pool_size: must be between 1 and 1000, got 0\n"
            "frontdesk.yaml:4: log.level: invalid log level 'verbose' (valid: trace, debug, "
            "info, warn, error)\n"
            "frontdesk.yaml:5: threads: expected an integer, got 'four'\n"
            "frontdesk.yaml:7: http.body_limit: bad size 'ten': expected a byte count such as "
            "1048576, 512KiB or 10MiB\n"
            "frontdesk.yaml:8: http.header_timeout: bad duration '1x': unknown unit 'x' (use w, "
            "d, h, m, s, ms)\n"
            "frontdesk.yaml:9: unknown key 'tickets' under 'top level' (valid: listen, "
            "state_dir, database, plugins, rules, sla, auth, log, http, threads, channels, outbox, "
            "webhooks, events, languages, web, public_url, status)\n"
            "frontdesk.yaml:11: channels.webform.enabled: expected true or false, got 'yes'");
  try {
    (void)load("listen: x\nthreads: -1\n");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.problems().size(), 2U);
    EXPECT_EQ(e.problems()[1], "frontdesk.yaml:2: threads: must be between 0 and 256, got -1");
  }
}

TEST_F(ConfigLoaderTest, WrongShapes) {
  EXPECT_EQ(problems("- listen\n- state_dir\n"),
            "frontdesk.yaml:1: the configuration must be a mapping of keys, got a list");
  EXPECT_EQ(problems("just text\n"),
            "frontdesk.yaml:1: the configuration must be a mapping of keys, got 'just text'");
  EXPECT_EQ(problems("database: postgresql://x\n"),
            "frontdesk.yaml:1: database: expected a mapping, got 'postgresql://x'");
  EXPECT_EQ(problems("http: [1, 2]\n"), "frontdesk.yaml:1: http: expected a mapping, got a list");
  EXPECT_EQ(problems("state_dir:\n"),
            "frontdesk.yaml:1: state_dir: expected a string, got an empty value (write \"\" for "
            "an empty string)");
  EXPECT_EQ(problems("state_dir: { a: 1 }\n"),
            "frontdesk.yaml:1: state_dir: expected a string, got a mapping");
  EXPECT_EQ(problems("sla:\n  policies: [urgent]\n"),
            "frontdesk.yaml:2: sla.policies: expected a mapping, got a list");
  EXPECT_EQ(problems("sla:\n  calendars: 24x7\n"),
            "frontdesk.yaml:2: sla.calendars: expected a mapping, got '24x7'");
  EXPECT_EQ(problems("threads: 1.5\n"),
            "frontdesk.yaml:1: threads: expected an integer, got '1.5'");
  EXPECT_EQ(problems("database: { pool_size: [] }\n"),
            "frontdesk.yaml:1: database.pool_size: expected an integer, got a list");
  EXPECT_EQ(problems("? [a, b]\n: 1\n"),
            "frontdesk.yaml:1: keys under 'top level' must be plain names, got a list");
}

TEST_F(ConfigLoaderTest, DuplicateKeys) {
  EXPECT_EQ(problems("listen: 127.0.0.1:1\nstate_dir: x\nlisten: 127.0.0.1:2\n"),
            "frontdesk.yaml:3: duplicate key 'listen' (first set on line 1)");
  EXPECT_EQ(problems("http:\n  body_limit: 1MiB\n  body_limit: 2MiB\n"),
            "frontdesk.yaml:3: duplicate key 'http.body_limit' (first set on line 2)");
  EXPECT_EQ(problems("channels:\n  email: {}\n  email: {}\n"),
            "frontdesk.yaml:3: duplicate key 'channels.email' (first set on line 2)");
  EXPECT_EQ(problems("channels:\n  email:\n    address: a\n    address: b\n"),
            "frontdesk.yaml:4: duplicate key 'channels.email.address' (first set on line 3)");
}

TEST_F(ConfigLoaderTest, YamlSyntaxErrorsPointAtTheLine) {
  EXPECT_EQ(problems("listen: 127.0.0.1:8080\nchannels: [webform\n"),
            "frontdesk.yaml:3: end of sequence flow not found");
  EXPECT_EQ(problems("database:\n  url: \"\"\n pool_size: 3\n"),
            "frontdesk.yaml:3: end of map not found");
  EXPECT_EQ(problems("listen: a: b\n"), "frontdesk.yaml:1: illegal map value");
  EXPECT_EQ(problems("state_dir: ./var\n\tlisten: x\n"),
            "frontdesk.yaml:2: illegal tab when looking for indentation");
  EXPECT_EQ(problems("listen: *nope\n"), "frontdesk.yaml:1: the referenced anchor is not defined");
}

TEST_F(ConfigLoaderTest, OneDocumentOnly) {
  EXPECT_EQ(problems("listen: 127.0.0.1:1\n---\nlisten: 127.0.0.1:2\n"),
            "frontdesk.yaml:3: expected one YAML document, found 2");
}

TEST_F(ConfigLoaderTest, LogLevels) {
  EXPECT_EQ(load("log: { level: trace }").log_level, LogLevel::trace);
  EXPECT_EQ(load("log: { level: warn }").log_level, LogLevel::warn);
  EXPECT_EQ(load("log: { level: error }").log_level, LogLevel::error);
  EXPECT_EQ(to_spdlog_level(LogLevel::trace), spdlog::level::trace);
  EXPECT_EQ(to_spdlog_level(LogLevel::debug), spdlog::level::debug);
  EXPECT_EQ(to_spdlog_level(LogLevel::info), spdlog::level::info);
  EXPECT_EQ(to_spdlog_level(LogLevel::warn), spdlog::level::warn);
  EXPECT_EQ(to_spdlog_level(LogLevel::error), spdlog::level::err);
  EXPECT_EQ(problems("log: { level: WARN }"),
            "frontdesk.yaml:1: log.level: invalid log level 'WARN' (valid: trace, debug, info, "
            "warn, error)");
}

TEST_F(ConfigLoaderTest, Threads) {
  EXPECT_EQ(load("threads: 1").threads, 1);
  EXPECT_EQ(load("threads: 256").threads, 256);
  EXPECT_EQ(load("threads: 0").threads, resolve_thread_count(0));
  EXPECT_GE(resolve_thread_count(0), 1);
  EXPECT_LE(resolve_thread_count(0), 4);
  EXPECT_EQ(resolve_thread_count(7), 7);
  EXPECT_EQ(problems("threads: 257"),
            "frontdesk.yaml:1: threads: must be between 0 and 256, got 257");
  EXPECT_EQ(problems("threads: 99999999999999999999"),
            "frontdesk.yaml:1: threads: expected an integer, got '99999999999999999999'");
}

TEST_F(ConfigLoaderTest, RelativePathsResolveAgainstTheWorkingDirectory) {
  const Config config = load(
      "state_dir: var/state\nplugins: { dir: ../plugins/ }\n"
      "rules: { dir: ./rules/./main }\n");
  EXPECT_EQ(config.state_dir, cwd("var/state"));
  EXPECT_EQ(config.plugins_dir, fs::current_path().parent_path() / "plugins");
  EXPECT_EQ(config.rules_dir, cwd("rules/main"));
  EXPECT_TRUE(config.state_dir.is_absolute());
  EXPECT_EQ(load("state_dir: /var/lib/frontdesk/").state_dir, "/var/lib/frontdesk");
}

TEST_F(ConfigLoaderTest, BootstrapTokenFromTheEnvironment) {
  setenv("FRONTDESK_ADMIN_TOKEN", "from-env", 1);
  EXPECT_EQ(load("").bootstrap_admin_token, "from-env");
  EXPECT_EQ(load("auth: { bootstrap_admin_token: \"\" }").bootstrap_admin_token, "from-env");
  EXPECT_EQ(load("auth: { bootstrap_admin_token: from-file }").bootstrap_admin_token, "from-file");
  unsetenv("FRONTDESK_ADMIN_TOKEN");
  EXPECT_EQ(load("").bootstrap_admin_token, "");
}

TEST_F(ConfigLoaderTest, Channels) {
  const Config config = load(R"(channels:
  webform:
    enabled: false
  email:
    enabled: true
    address: support@example.com
  telegram:
    token: abc
  sms:
)");
  EXPECT_FALSE(config.channels.at("webform").enabled);
  EXPECT_EQ(config.channels.at("webform").line, 2);
  EXPECT_EQ(config.channels.at("webform").settings.size(), 0U);

  const ChannelConfig& email = config.channels.at("email");
  EXPECT_TRUE(email.enabled);
  EXPECT_EQ(email.line, 4);
  ASSERT_EQ(email.settings.size(), 1U);
  // The settings keep the marks of the file, keys included.
  const auto first = email.settings.begin();
  EXPECT_EQ(first->first.Scalar(), "address");
  EXPECT_EQ(location(email.file, first->first), "frontdesk.yaml:6");
  EXPECT_EQ(location(email.file, first->second), "frontdesk.yaml:6");

  const ChannelConfig& telegram = config.channels.at("telegram");
  EXPECT_EQ(telegram.name, "telegram");
  EXPECT_FALSE(telegram.enabled);  // only the web form is on unless enabled
  EXPECT_EQ(telegram.line, 7);
  EXPECT_EQ(telegram.file, "frontdesk.yaml");
  EXPECT_EQ(telegram.settings["token"].Scalar(), "abc");

  EXPECT_FALSE(config.channels.at("sms").enabled);
  EXPECT_EQ(config.channels.at("sms").line, 9);
  EXPECT_FALSE(config.channels.at("whatsapp").enabled);
  EXPECT_EQ(config.channels.at("whatsapp").line, 0);
  EXPECT_EQ(config.channels.size(), 5U);
}

TEST_F(ConfigLoaderTest, ChannelEnabledAcceptsYaml12Booleans) {
  EXPECT_TRUE(load("channels: { sms: { enabled: True } }").channels.at("sms").enabled);
  EXPECT_TRUE(load("channels: { sms: { enabled: TRUE } }").channels.at("sms").enabled);
  EXPECT_FALSE(load("channels: { webform: { enabled: False } }").channels.at("webform").enabled);
}

TEST_F(ConfigLoaderTest, ChannelErrors) {
  EXPECT_EQ(problems("channels:\n  email: on\n"),
            "frontdesk.yaml:2: channels.email: expected a mapping, got 'on'");
  EXPECT_EQ(problems("channels:\n  email:\n    enabled: 1\n"),
            "frontdesk.yaml:3: channels.email.enabled: expected true or false, got '1'");
  EXPECT_EQ(problems("channels:\n  email:\n    enabled:\n"),
            "frontdesk.yaml:3: channels.email.enabled: expected true or false, got an empty "
            "value");
  EXPECT_EQ(problems("channels:\n  \"e mail\": {}\n"),
            "frontdesk.yaml:2: channels: invalid channel name 'e mail' (use letters, digits, '_' "
            "and '-')");
  EXPECT_EQ(problems("channels: [webform]\n"),
            "frontdesk.yaml:1: channels: expected a mapping of channel names, got a list");
}

class ConfigFileTest : public ConfigLoaderTest {
 protected:
  void SetUp() override {
    ConfigLoaderTest::SetUp();
    dir_ =
        fs::temp_directory_path() / ("frontdesk-config-test-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    ConfigLoaderTest::TearDown();
  }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(ConfigFileTest, LoadsAFile) {
  const fs::path path = write("frontdesk.yaml", "listen: 127.0.0.1:9999\n");
  const Config config = load_config(path);
  EXPECT_EQ(config.listen.port, 9999);
  EXPECT_EQ(config.file, path.string());
}

TEST_F(ConfigFileTest, MessagesNameThePathAsGiven) {
  const fs::path path = write("bad.yaml", "\nlisten: nowhere\n");
  try {
    (void)load_config(path);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() +
                                         ":2: listen: missing port in 'nowhere' (expected "
                                         "host:port)");
  }
}

TEST_F(ConfigFileTest, EmptyFileGivesDefaults) {
  const Config config = load_config(write("empty.yaml", ""));
  EXPECT_EQ(config.listen.port, 8080);
}

TEST_F(ConfigFileTest, MissingFileIsAClearError) {
  const fs::path path = dir_ / "absent.yaml";
  try {
    (void)load_config(path);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": configuration file not found");
  }
}

TEST_F(ConfigFileTest, DirectoryIsAClearError) {
  try {
    (void)load_config(dir_);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), dir_.string() + ": is a directory, not a configuration file");
  }
}

TEST_F(ConfigLoaderTest, OutboxDefaults) {
  const Config config = load("");
  EXPECT_EQ(config.outbox.workers, 2);
  EXPECT_EQ(config.outbox.batch_size, 16);
  EXPECT_EQ(config.outbox.max_attempts, 8);
  EXPECT_EQ(config.outbox.backoff_base, 2s);
  EXPECT_EQ(config.outbox.backoff_max, 1h);
  EXPECT_EQ(config.outbox.lease, 5min);
  EXPECT_EQ(config.outbox.poll_interval, 5s);
}

TEST_F(ConfigLoaderTest, OutboxKeys) {
  const Config config = load(
      "outbox:\n  workers: 4\n  batch_size: 50\n  max_attempts: 3\n  backoff_base: 100ms\n"
      "  backoff_max: 10m\n  lease: 30s\n  poll_interval: 1s\n");
  EXPECT_EQ(config.outbox.workers, 4);
  EXPECT_EQ(config.outbox.batch_size, 50);
  EXPECT_EQ(config.outbox.max_attempts, 3);
  EXPECT_EQ(config.outbox.backoff_base, 100ms);
  EXPECT_EQ(config.outbox.backoff_max, 10min);
  EXPECT_EQ(config.outbox.lease, 30s);
  EXPECT_EQ(config.outbox.poll_interval, 1s);
}

TEST_F(ConfigLoaderTest, OutboxErrors) {
  EXPECT_EQ(problems("outbox:\n  workers: 0\n"),
            "frontdesk.yaml:2: outbox.workers: must be between 1 and 64, got 0");
  EXPECT_EQ(problems("outbox:\n  lease: 0s\n"),
            "frontdesk.yaml:2: outbox.lease: must be greater than zero");
  EXPECT_EQ(problems("outbox:\n  retries: 3\n"),
            "frontdesk.yaml:2: unknown key 'retries' under 'outbox' (valid: workers, batch_size, "
            "max_attempts, backoff_base, backoff_max, lease, poll_interval)");
}

TEST_F(ConfigLoaderTest, TrustedProxiesAreAddressesOrNetworks) {
  EXPECT_TRUE(load("").http.trusted_proxies.empty());
  const Config config = load("http:\n  trusted_proxies: [127.0.0.1, 10.0.0.0/8, 'fd00::/8', '::1']\n");
  EXPECT_EQ(config.http.trusted_proxies,
            (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"}));
  EXPECT_EQ(problems("http:\n  trusted_proxies: [10.0.0.0/8, 10.0.0.0/33]\n"),
            "frontdesk.yaml:2: http.trusted_proxies: '10.0.0.0/33' is not an IP address or network "
            "(e.g. 10.0.0.0/8)");
  EXPECT_EQ(problems("http:\n  trusted_proxies: proxy.example.com\n"),
            "frontdesk.yaml:2: http.trusted_proxies: must be a list of IP addresses or networks, "
            "e.g. [127.0.0.1, 10.0.0.0/8]");
}

TEST_F(ConfigLoaderTest, PrivateNetworksAllowedToWebhooksAndMonitors) {
  const Config defaults = load("");
  EXPECT_TRUE(defaults.webhooks.allow_private_networks.empty());
  EXPECT_TRUE(defaults.status.allow_private_networks.empty());
  const Config config = load(
      "webhooks:\n  allow_private_networks: [127.0.0.1, 10.0.0.0/8]\n"
      "status:\n  allow_private_networks: ['fd00::/8']\n");
  EXPECT_EQ(config.webhooks.allow_private_networks, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8"}));
  EXPECT_EQ(config.status.allow_private_networks, (std::vector<std::string>{"fd00::/8"}));
  EXPECT_EQ(problems("webhooks:\n  allow_private_networks: [intranet.example]\n"),
            "frontdesk.yaml:2: webhooks.allow_private_networks: 'intranet.example' is not an IP address or network "
            "(e.g. 10.0.0.0/8)");
  EXPECT_EQ(problems("status:\n  allow_private_networks: 10.0.0.0/8\n"),
            "frontdesk.yaml:2: status.allow_private_networks: must be a list of IP addresses or networks, "
            "e.g. [127.0.0.1, 10.0.0.0/8]");
}

TEST_F(ConfigLoaderTest, EventsAndWebhooks) {
  const Config defaults = load("");
  EXPECT_EQ(defaults.webhooks.max_attempts, 8);
  EXPECT_EQ(defaults.events.max_queued_bytes, 1024U * 1024);
  EXPECT_EQ(defaults.events.max_connections_per_token, 16);
  EXPECT_EQ(defaults.events.heartbeat, 15s);
  const Config config = load(
      "webhooks:\n  max_attempts: 3\nevents:\n  max_queued_bytes: 64KiB\n"
      "  max_connections_per_token: 2\n  heartbeat: 500ms\n");
  EXPECT_EQ(config.webhooks.max_attempts, 3);
  EXPECT_EQ(config.events.max_queued_bytes, 64U * 1024);
  EXPECT_EQ(config.events.max_connections_per_token, 2);
  EXPECT_EQ(config.events.heartbeat, 500ms);
  EXPECT_EQ(problems("webhooks:\n  max_attempts: 0\n"),
            "frontdesk.yaml:2: webhooks.max_attempts: must be between 1 and 1000, got 0");
  EXPECT_EQ(problems("webhooks:\n  secret: x\n"),
            "frontdesk.yaml:2: unknown key 'secret' under 'webhooks' (valid: max_attempts, allow_private_networks)");
  EXPECT_EQ(problems("events:\n  heartbeat: 0s\n"),
            "frontdesk.yaml:2: events.heartbeat: must be greater than zero");
}

TEST_F(ConfigLoaderTest, LanguagesAndWebFolder) {
  const Config defaults = load("");
  EXPECT_EQ(defaults.languages.default_locale, "en");
  EXPECT_EQ(defaults.languages.offered, (std::vector<std::string>{"en", "es", "tr"}));
  EXPECT_EQ(defaults.web_dir, default_web_dir());
  const Config config = load("web: { dir: ./site }\nlanguages: { default: TR, offered: [es, tr, pt_br, es] }\n");
  EXPECT_EQ(config.web_dir, cwd("site"));
  EXPECT_EQ(config.languages.default_locale, "tr");
  EXPECT_EQ(config.languages.offered, (std::vector<std::string>{"es", "tr", "pt-BR"}));
}

TEST_F(ConfigLoaderTest, LanguagesMistakes) {
  EXPECT_EQ(problems("languages:\n  default: fr\n"),
            "frontdesk.yaml:2: languages.default: 'fr' is not one of languages.offered");
  EXPECT_EQ(problems("languages:\n  offered: [en, english]\n"),
            "frontdesk.yaml:2: languages.offered: 'english' is not a language tag such as en or pt-BR");
  EXPECT_EQ(problems("languages:\n  offered: []\n"),
            "frontdesk.yaml:2: languages.offered: must be a non-empty list of language tags, e.g. [en, es, tr]");
}

TEST_F(ConfigLoaderTest, StatusMonitorsAndPublicUrl) {
  const Config defaults = load("listen: 127.0.0.1:9000\n");
  EXPECT_EQ(defaults.public_url, "http://127.0.0.1:9000");
  EXPECT_EQ(defaults.status.name, "Status");
  EXPECT_TRUE(defaults.status.monitors.empty());
  EXPECT_EQ(defaults.status.signup_limit_per_hour, 5);

  const Config c = load(
      "public_url: https://desk.example.com/\n"
      "status:\n"
      "  name: Acme\n"
      "  monitors:\n"
      "    - { name: web, http: \"https://example.com/health\", expect_status: 204, expect_text: ok }\n"
      "    - { name: db, component: Database, tcp: \"db:5432\", interval: 15s, timeout: 2s, failures: 3 }\n"
      "    - { name: cert, tls: \"[::1]:443\", min_days: 7 }\n"
      "    - { name: resolver, dns: example.com }\n");
  EXPECT_EQ(c.public_url, "https://desk.example.com");
  EXPECT_EQ(c.status.name, "Acme");
  ASSERT_EQ(c.status.monitors.size(), 4U);
  const auto& web = c.status.monitors[0];
  EXPECT_EQ(web.kind, MonitorConfig::Kind::http);
  EXPECT_EQ(web.component, "web");  // the monitor's name when not given
  EXPECT_EQ(web.expect_status, 204);
  EXPECT_EQ(web.expect_text, "ok");
  EXPECT_EQ(web.interval, 30s);
  EXPECT_EQ(web.timeout, 5s);
  EXPECT_EQ(web.failures, 2);
  const auto& db = c.status.monitors[1];
  EXPECT_EQ(db.kind, MonitorConfig::Kind::tcp);
  EXPECT_EQ(db.component, "Database");
  EXPECT_EQ(db.interval, 15s);
  EXPECT_EQ(db.failures, 3);
  EXPECT_EQ(c.status.monitors[2].kind, MonitorConfig::Kind::tls);
  EXPECT_EQ(c.status.monitors[2].min_days, 7);
  EXPECT_EQ(c.status.monitors[3].kind, MonitorConfig::Kind::dns);
}

TEST_F(ConfigLoaderTest, StatusErrors) {
  const std::string text = problems(
      "public_url: desk.example.com\n"
      "status:\n"
      "  monitors:\n"
      "    - { name: a, http: \"http://x\" }\n"
      "    - { name: a, tcp: \"x:1\" }\n"
      "    - { name: b, http: \"ftp://x\" }\n"
      "    - { name: c, tcp: \"x\", colour: red }\n"
      "    - { name: d }\n"
      "    - { name: e, dns: \"a b\", interval: 1s, timeout: 1s }\n"
      "  pages: 2\n");
  EXPECT_NE(text.find("frontdesk.yaml:1: public_url: must be an http:// or https:// URL"), std::string::npos) << text;
  EXPECT_NE(text.find("status.monitors[1]: another monitor is named 'a'"), std::string::npos);
  EXPECT_NE(text.find("status.monitors[2].http: must be an http:// or https:// URL with a host"), std::string::npos);
  EXPECT_NE(text.find("status.monitors[3].tcp: must be host:port"), std::string::npos);
  EXPECT_NE(text.find("unknown key 'colour' under 'status.monitors[3]'"), std::string::npos);
  EXPECT_NE(text.find("status.monitors[4]: give exactly one of http, tcp, tls or dns"), std::string::npos);
  EXPECT_NE(text.find("status.monitors[5].dns: must be a host name"), std::string::npos);
  EXPECT_NE(text.find("status.monitors[5].timeout: must be shorter than the interval"), std::string::npos);
  EXPECT_NE(text.find("unknown key 'pages' under 'status'"), std::string::npos);
}

}  // namespace
}  // namespace frontdesk::config
