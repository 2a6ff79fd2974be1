// SPDX-License-Identifier: Apache-2.0
#include "config/channel_config.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <type_traits>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "config/config_loader.hpp"

namespace frontdesk::config {
namespace {

namespace json = boost::json;

// Keys shaped like the email plugin's declaration.
constexpr fd_config_key email_keys[] = {
    {"address", FD_CONFIG_STRING, "\"support@example.com\"", "support address"},
    {"listen", FD_CONFIG_STRING, "\"127.0.0.1:2525\"", "SMTP/LMTP listener"},
    {"protocol", FD_CONFIG_STRING, "\"smtp\"", "smtp or lmtp"},
    {"pop3", FD_CONFIG_LIST, "[]", "mailboxes to poll"},
    {"outbound", FD_CONFIG_MAP, R"({"host":"127.0.0.1","port":25,"starttls":false})", "SMTP out"},
    {"max_size", FD_CONFIG_INT, "10485760", "largest accepted message"},
    {"tls", FD_CONFIG_BOOL, "false", "STARTTLS on the listener"},
};

constexpr fd_config_key webform_keys[] = {
    {"rate_limit_per_minute", FD_CONFIG_INT, "10", "submissions per IP and minute"},
};

ChannelConfig channel_from(std::string_view yaml, const std::string& name) {
  return load_config_string(yaml, "frontdesk.yaml").channels.at(name);
}

struct Checked {
  json::value config;
  std::vector<std::string> errors;
};

Checked check(const ChannelConfig& channel, std::span<const fd_config_key> keys) {
  Checked out;
  const std::string text = validate_channel_settings(channel, keys, out.errors);
  out.config = json::parse(text);
  EXPECT_TRUE(out.config.is_object()) << text;
  return out;
}

TEST(ChannelConfig, DefaultsFillEveryDeclaredKey) {
  const Checked result = check(channel_from("", "email"), email_keys);
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(json::serialize(result.config),
            R"({"address":"support@example.com","listen":"127.0.0.1:2525","protocol":"smtp",)"
            R"("pop3":[],"outbound":{"host":"127.0.0.1","port":25,"starttls":false},)"
            R"("max_size":10485760,"tls":false})");
}

TEST(ChannelConfig, WebformRateLimitComesFromThePluginDefault) {
  const Checked defaults = check(channel_from("", "webform"), webform_keys);
  EXPECT_TRUE(defaults.errors.empty());
  EXPECT_EQ(json::serialize(defaults.config), R"({"rate_limit_per_minute":10})");

  const Checked custom = check(
      channel_from("channels: { webform: { rate_limit_per_minute: 3 } }", "webform"), webform_keys);
  EXPECT_TRUE(custom.errors.empty());
  EXPECT_EQ(json::serialize(custom.config), R"({"rate_limit_per_minute":3})");
}

TEST(ChannelConfig, UserValuesOverrideDefaults) {
  const Checked result = check(channel_from(R"(channels:
  email:
    enabled: true
    address: help@example.org
    protocol: lmtp
    pop3:
      - { host: pop.example.org, port: 995, user: desk, password: "0123", tls: true }
      - host: pop2.example.org
        password: 0042
        ratio: 0.5
        nothing: ~
        quoted_true: "true"
    outbound: { host: smtp.example.org, port: 587, starttls: true, username: "", password: x }
    max_size: 1048576
    tls: true
)",
                                            "email"),
                               email_keys);
  EXPECT_TRUE(result.errors.empty()) << testing::PrintToString(result.errors);
  EXPECT_EQ(result.config, json::parse(R"({
    "address": "help@example.org",
    "listen": "127.0.0.1:2525",
    "protocol": "lmtp",
    "pop3": [
      {"host": "pop.example.org", "port": 995, "user": "desk", "password": "0123", "tls": true},
      {"host": "pop2.example.org", "password": "0042", "ratio": 0.5, "nothing": null,
       "quoted_true": "true"}
    ],
    "outbound": {"host": "smtp.example.org", "port": 587, "starttls": true, "username": "",
                 "password": "x"},
    "max_size": 1048576,
    "tls": true
  })"));
}

TEST(ChannelConfig, StringKeysTakeAnyScalarAsText) {
  const Checked result = check(
      channel_from("channels:\n  email:\n    address: 12345\n    listen: \"true\"\n", "email"),
      email_keys);
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(result.config.at("address"), "12345");
  EXPECT_EQ(result.config.at("listen"), "true");
}

TEST(ChannelConfig, UnknownKeyListsTheValidOnes) {
  const Checked result = check(channel_from(R"(channels:
  email:
    enabled: true
    adress: help@example.org
)",
                                            "email"),
                               email_keys);
  ASSERT_EQ(result.errors.size(), 1U);
  EXPECT_EQ(result.errors[0],
            "frontdesk.yaml:4: channels.email: unknown key 'adress' (valid: address, listen, "
            "protocol, pop3, outbound, max_size, tls, enabled)");
  EXPECT_EQ(result.config.at("address"), "support@example.com");
}

TEST(ChannelConfig, WrongTypesNameTheKeyAndTheExpectedType) {
  const Checked result = check(channel_from(R"(channels:
  email:
    address: [a, b]
    listen:
    pop3: pop.example.org
    outbound: [smtp.example.org]
    max_size: 10MiB
    tls: yes
)",
                                            "email"),
                               email_keys);
  EXPECT_EQ(result.errors,
            (std::vector<std::string>{
                "frontdesk.yaml:3: channels.email.address: expected a string, got a list",
                "frontdesk.yaml:4: channels.email.listen: expected a string, got an empty value",
                "frontdesk.yaml:5: channels.email.pop3: expected a list, got 'pop.example.org'",
                "frontdesk.yaml:6: channels.email.outbound: expected a mapping, got a list",
                "frontdesk.yaml:7: channels.email.max_size: expected an integer, got '10MiB'",
                "frontdesk.yaml:8: channels.email.tls: expected true or false, got 'yes'",
            }));
  // Keys in error keep their defaults, so the JSON is still complete.
  EXPECT_EQ(result.config.at("max_size"), 10485760);
  EXPECT_EQ(result.config.at("tls"), false);
}

TEST(ChannelConfig, ErrorsAreAppended) {
  std::vector<std::string> errors{"earlier problem"};
  (void)validate_channel_settings(channel_from("channels: { sms: { frm: x } }", "sms"),
                                  webform_keys, errors);
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0], "earlier problem");
  EXPECT_EQ(errors[1],
            "frontdesk.yaml:1: channels.sms: unknown key 'frm' (valid: rate_limit_per_minute, "
            "enabled)");
}

TEST(ChannelConfig, DuplicateInnerKeysInMapValues) {
  const Checked result = check(
      channel_from("channels:\n  email:\n    outbound:\n      host: a\n      host: b\n", "email"),
      email_keys);
  ASSERT_EQ(result.errors.size(), 1U);
  EXPECT_EQ(result.errors[0], "frontdesk.yaml:5: channels.email.outbound: duplicate key 'host'");
  EXPECT_EQ(result.config.at("outbound"), json::parse(R"({"host":"a"})"));
}

TEST(ChannelConfig, NoDeclaredKeys) {
  const Checked empty = check(channel_from("", "sms"), {});
  EXPECT_TRUE(empty.errors.empty());
  EXPECT_EQ(json::serialize(empty.config), "{}");

  const Checked extra = check(channel_from("channels:\n  sms:\n    from: x\n", "sms"), {});
  ASSERT_EQ(extra.errors.size(), 1U);
  EXPECT_EQ(extra.errors[0], "frontdesk.yaml:3: channels.sms: unknown key 'from' (valid: enabled)");
}

TEST(ChannelConfig, BadPluginDeclarationsAreReported) {
  fd_config_key keys[] = {
      {"broken", FD_CONFIG_STRING, "not json", ""},
      {"none", FD_CONFIG_STRING, nullptr, ""},
      {"weird", FD_CONFIG_INT, "1", ""},
  };
  // A plugin built against a newer header may send a type this host does not know.
  const std::underlying_type_t<fd_config_type> future_type = 9;
  std::memcpy(&keys[2].type, &future_type, sizeof future_type);
  const Checked result = check(channel_from("channels:\n  sms:\n    weird: 2\n", "sms"), keys);
  EXPECT_EQ(result.errors,
            (std::vector<std::string>{
                "frontdesk.yaml:2: channels.sms: the plugin's default for 'broken' is not valid "
                "JSON: not json",
                "frontdesk.yaml:3: channels.sms.weird: the plugin declares an unknown type 9",
            }));
  EXPECT_EQ(json::serialize(result.config), R"({"broken":null,"none":null,"weird":1})");
}

TEST(ChannelConfig, SettingsBuiltInCodeUseTheChannelLine) {
  ChannelConfig channel;
  channel.name = "webform";
  channel.enabled = true;
  channel.file = "generated.yaml";
  channel.line = 12;
  channel.settings["rate_limit_per_minute"] = "many";
  std::vector<std::string> errors;
  (void)validate_channel_settings(channel, webform_keys, errors);
  EXPECT_EQ(errors, (std::vector<std::string>{"generated.yaml:12: channels.webform."
                                              "rate_limit_per_minute: expected an integer, got "
                                              "'many'"}));
}

}  // namespace
}  // namespace frontdesk::config
