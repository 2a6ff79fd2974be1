// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace frontdesk::email {
namespace {

std::string error_of(const std::string& json) {
  try {
    static_cast<void>(parse_config(json));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(EmailConfig, DefaultsMatchDesign) {
  const Config c = parse_config("{}");
  EXPECT_EQ(c.address, "support@example.com");
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 2525);
  EXPECT_FALSE(c.lmtp);
  EXPECT_TRUE(c.pop3.empty());
  EXPECT_EQ(c.outbound.host, "127.0.0.1");
  EXPECT_EQ(c.outbound.port, 25);
  EXPECT_FALSE(c.outbound.starttls);
}

TEST(EmailConfig, ReadsEveryKey) {
  const Config c = parse_config(R"({"address":"Help@Example.org","aliases":["b@example.org"],
    "listen":"[::1]:2600","protocol":"lmtp",
    "pop3":[{"host":"pop.example.org","user":"u","password":1234,"tls":true}],
    "pop3_interval_seconds":30,
    "outbound":{"host":"smtp.example.org","port":"587","starttls":true,"username":"u","password":"p"},
    "max_message_bytes":2048,"max_attachment_bytes":100,"max_sessions":3,"session_timeout_seconds":9})");
  EXPECT_EQ(c.address, "help@example.org");
  EXPECT_TRUE(c.accepts("HELP@example.org"));
  EXPECT_TRUE(c.accepts("b@example.org"));
  EXPECT_FALSE(c.accepts("c@example.org"));
  EXPECT_EQ(c.listen_host, "::1");
  EXPECT_EQ(c.listen_port, 2600);
  EXPECT_TRUE(c.lmtp);
  ASSERT_EQ(c.pop3.size(), 1u);
  EXPECT_EQ(c.pop3[0].port, 995);
  EXPECT_EQ(c.pop3[0].password, "1234");
  EXPECT_TRUE(c.pop3[0].tls);
  EXPECT_EQ(c.pop3_interval.count(), 30);
  EXPECT_EQ(c.outbound.port, 587);
  EXPECT_TRUE(c.outbound.starttls);
  EXPECT_EQ(c.max_sessions, 3u);
}

TEST(EmailConfig, ErrorsNameTheKey) {
  EXPECT_EQ(error_of(R"({"protocol":"imap"})"), "channels.email.protocol must be smtp or lmtp");
  EXPECT_EQ(error_of(R"({"address":"nobody"})"),
            "channels.email.address must be an email address like support@example.com");
  EXPECT_EQ(error_of(R"({"listen":"localhost"})"), "channels.email.listen must be host:port");
  EXPECT_EQ(error_of(R"({"pop3":[{"host":"h"}]})"), "channels.email.pop3[0].user is required");
  EXPECT_EQ(error_of(R"({"pop3":[{"host":"h","user":"u","bogus":1}]})"),
            "channels.email.pop3[0].bogus is not a known key (valid: host, port, user, password, tls)");
  EXPECT_EQ(error_of(R"({"outbound":{"port":70000}})"),
            "channels.email.outbound.port must be between 1 and 65535");
  EXPECT_EQ(error_of("[]"), "the email configuration is not a JSON object");
  EXPECT_EQ(error_of(R"({"tls_certificate":"/etc/ssl/cert.pem"})"),
            "channels.email.tls_key is needed with the other (STARTTLS takes both)");
  EXPECT_EQ(error_of(R"({"tls_key":"/etc/ssl/key.pem"})"),
            "channels.email.tls_certificate is needed with the other (STARTTLS takes both)");
}

}  // namespace
}  // namespace frontdesk::email
