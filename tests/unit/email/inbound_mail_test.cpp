// SPDX-License-Identifier: Apache-2.0
#include "inbound_mail.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace frontdesk::email {
namespace {

using test::fixture;

NormalizeOptions options() {
  NormalizeOptions o;
  o.our_address = "support@example.com";
  return o;
}

Envelope smtp_envelope(std::string from = "sender@example.com") {
  return Envelope{std::move(from), {"support@example.com"}, "smtp"};
}

boost::json::object metadata(const InboundMail& mail) {
  return boost::json::parse(mail.message.metadata_json).as_object();
}

bool has_tag(const InboundMail& mail, std::string_view tag) {
  const auto meta = metadata(mail);
  const auto* tags = meta.if_contains("tags");
  if (tags == nullptr) return false;
  for (const auto& t : tags->as_array()) {
    if (t.as_string() == tag) return true;
  }
  return false;
}

TEST(InboundMail, NormalizesIdentityThreadingAndRaw) {
  const std::string raw = fixture("written/reply_quoted.eml");
  const auto mail = normalize_mail(raw, smtp_envelope(), options());
  ASSERT_EQ(mail.kind, MailKind::ticket);
  const auto& m = mail.message;
  EXPECT_EQ(m.external_id, "reply-1@example.com");
  EXPECT_EQ(m.identity_kind, "email");
  EXPECT_EQ(m.identity_value, "ann@example.com");
  EXPECT_EQ(m.customer_name, "Ann Example");
  EXPECT_EQ(m.ticket_ref, "TKT-1700000000-000042");
  EXPECT_EQ(m.own_thread_key, "reply-1@example.com");
  ASSERT_EQ(m.thread_keys.size(), 2u);
  EXPECT_EQ(m.thread_keys[0], "fd.1.abc@example.com");
  EXPECT_EQ(m.thread_keys[1], "first@example.com");
  EXPECT_EQ(m.body, "Thanks, that worked!");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "original.eml");
  EXPECT_EQ(m.attachments[0].content_type, "message/rfc822");
  EXPECT_EQ(m.attachments[0].data, raw);
  const auto meta = metadata(mail);
  EXPECT_EQ(meta.at("messageId").as_string(), "reply-1@example.com");
  EXPECT_TRUE(meta.at("quotedTrimmed").as_bool());
  EXPECT_FALSE(meta.at("noAutoReply").as_bool());
  EXPECT_FALSE(meta.contains("tags"));
  EXPECT_EQ(meta.at("envelope").at("from").as_string(), "sender@example.com");
}

TEST(InboundMail, WithoutMessageIdTheExternalIdIsAHashOfTheRawMessage) {
  const std::string raw = "From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";
  const auto first = normalize_mail(raw, smtp_envelope(), options());
  const auto again = normalize_mail(raw, smtp_envelope(), options());
  EXPECT_EQ(first.message.external_id.rfind("sha256:", 0), 0u);
  EXPECT_EQ(first.message.external_id.size(), 7u + 64u);
  EXPECT_EQ(first.message.external_id, again.message.external_id);
  EXPECT_NE(normalize_mail(raw + "x", smtp_envelope(), options()).message.external_id,
            first.message.external_id);
  EXPECT_TRUE(first.message.own_thread_key.empty());
}

TEST(InboundMail, SenderFallsBackToEnvelope) {
  const auto mail = normalize_mail(fixture("written/no_header.eml"), smtp_envelope("Env@Example.com"),
                                   options());
  EXPECT_EQ(mail.message.identity_value, "env@example.com");
  EXPECT_FALSE(mail.message.body.empty());
}

TEST(InboundMail, AutoReplyAndBulkAreTaggedNeverAnswered) {
  const auto ooo = normalize_mail(fixture("written/auto_reply.eml"), smtp_envelope(), options());
  EXPECT_TRUE(has_tag(ooo, "auto-reply"));
  EXPECT_TRUE(metadata(ooo).at("noAutoReply").as_bool());
  EXPECT_EQ(metadata(ooo).at("autoSubmitted").as_string(), "auto-replied");

  const auto list = normalize_mail(fixture("written/bulk_list.eml"), smtp_envelope(), options());
  EXPECT_TRUE(has_tag(list, "bulk"));
  EXPECT_FALSE(has_tag(list, "auto-reply"));
  EXPECT_EQ(metadata(list).at("precedence").as_string(), "bulk");

  const std::string no = "From: a@example.com\r\nAuto-Submitted: no\r\nMessage-ID: <n@x>\r\n\r\nhi\r\n";
  EXPECT_FALSE(metadata(normalize_mail(no, smtp_envelope(), options())).at("noAutoReply").as_bool());
}

TEST(InboundMail, OurOwnXLoopIsTagged) {
  const std::string raw =
      "From: a@example.com\r\nX-Loop: Support@Example.com\r\nMessage-ID: <l@x>\r\n\r\nloop\r\n";
  const auto mail = normalize_mail(raw, smtp_envelope(), options());
  EXPECT_TRUE(has_tag(mail, "auto-reply"));
  EXPECT_EQ(metadata(mail).at("xLoop").as_array().at(0).as_string(), "Support@Example.com");
  const std::string other =
      "From: a@example.com\r\nX-Loop: other@example.org\r\nMessage-ID: <l2@x>\r\n\r\nloop\r\n";
  EXPECT_FALSE(has_tag(normalize_mail(other, smtp_envelope(), options()), "auto-reply"));
}

TEST(InboundMail, DeliveryStatusBounceNamesOurMessage) {
  const auto mail = normalize_mail(fixture("written/bounce_dsn.eml"), smtp_envelope(""), options());
  ASSERT_EQ(mail.kind, MailKind::bounce);
  EXPECT_EQ(mail.bounced_message_id, "fd.7.deadbeef@example.com");
  EXPECT_EQ(mail.diagnostic, "550 5.1.1 <nobody@example.net>: Recipient address rejected");
}

TEST(InboundMail, DelayedReportIsNotAFailure) {
  std::string raw = fixture("written/bounce_dsn.eml");
  raw.replace(raw.find("Action: failed"), 14, "Action: delayed");
  EXPECT_EQ(normalize_mail(raw, smtp_envelope(""), options()).kind, MailKind::report_other);
}

TEST(InboundMail, MailerDaemonWithReturnedMessageIsABounce) {
  const std::string raw =
      "From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\n"
      "Sorry.\r\n--z\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <fd.9.1@example.com>\r\n"
      "Subject: x\r\n\r\nbody\r\n--z--\r\n";
  const auto mail = normalize_mail(raw, smtp_envelope(""), options());
  ASSERT_EQ(mail.kind, MailKind::bounce);
  EXPECT_EQ(mail.bounced_message_id, "fd.9.1@example.com");
}

TEST(InboundMail, MetadataStaysValidUtf8WhenHeadersCarryRawBytes) {
  // Found by fuzz_mime: an 8-bit byte in the Content-Type went into metadata.defects.
  const std::string raw =
      "From: a@example.com\r\nAuto-Submitted: auto\xF6\r\nContent-Type: multipart/alternati\xF6"
      "e;\r\n\r\nBlah\r\n";
  const auto mail = normalize_mail(raw, Envelope{"", {"support@example.com"}, "smtp"}, options());
  boost::system::error_code ec;
  static_cast<void>(boost::json::parse(mail.message.metadata_json, ec));
  EXPECT_FALSE(ec) << "Boost.JSON (and so the ingest) refuses invalid UTF-8";
  EXPECT_EQ(mail.message.body, "Blah");
}

TEST(InboundMail, LongSubjectAndHugeBodyStayWithinIngestLimits) {
  std::string raw = "From: a@example.com\r\nSubject: " + std::string(3000, 'S') +
                    "\r\nMessage-ID: <big@x>\r\n\r\n" + std::string(3 << 20, 'b') + "\r\n";
  const auto mail = normalize_mail(raw, smtp_envelope(), options());
  EXPECT_LE(mail.message.subject.size(), 998u);
  EXPECT_LE(mail.message.body.size(), std::size_t{1} << 20);
}

}  // namespace
}  // namespace frontdesk::email
