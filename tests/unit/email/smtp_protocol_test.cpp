// SPDX-License-Identifier: Apache-2.0
#include "smtp_protocol.hpp"

#include <gtest/gtest.h>

namespace frontdesk::email {
namespace {

SmtpOptions options(bool lmtp = false) {
  SmtpOptions o;
  o.lmtp = lmtp;
  o.hostname = "example.com";
  o.max_message_bytes = 100;
  o.accepts = [](std::string_view rcpt) { return rcpt == "support@example.com"; };
  return o;
}

std::string code(const SmtpStep& step) { return step.reply.substr(0, 3); }

TEST(SmtpProtocol, FullTransactionWithDotUnstuffing) {
  SmtpProtocol p(options());
  EXPECT_EQ(p.greeting().substr(0, 4), "220 ");
  auto ehlo = p.on_line("EHLO client.example");
  EXPECT_NE(ehlo.reply.find("250-SIZE 100\r\n"), std::string::npos);
  EXPECT_NE(ehlo.reply.find("250-8BITMIME\r\n"), std::string::npos);
  EXPECT_NE(ehlo.reply.find("PIPELINING"), std::string::npos);
  EXPECT_EQ(code(p.on_line("MAIL FROM:<Ann@Example.com> SIZE=50 BODY=8BITMIME")), "250");
  EXPECT_EQ(code(p.on_line("RCPT TO:<other@example.com>")), "550");
  EXPECT_EQ(code(p.on_line("RCPT TO:<Support@Example.com>")), "250");
  EXPECT_EQ(code(p.on_line("DATA")), "354");
  EXPECT_TRUE(p.on_line("Subject: x").reply.empty());
  EXPECT_TRUE(p.on_line("").reply.empty());
  EXPECT_TRUE(p.on_line("..leading dot").reply.empty());
  auto end = p.on_line(".");
  EXPECT_TRUE(end.reply.empty()) << "250 only after the commit";
  ASSERT_TRUE(end.message);
  EXPECT_EQ(end.message->mail_from, "ann@example.com");
  EXPECT_EQ(end.message->recipients, std::vector<std::string>{"support@example.com"});
  EXPECT_EQ(end.message->data, "Subject: x\r\n\r\n.leading dot\r\n");
  EXPECT_EQ(p.accepted_replies(*end.message, "queued"), "250 2.0.0 queued\r\n");
  EXPECT_EQ(code(p.on_line("QUIT")), "221");
}

TEST(SmtpProtocol, SequenceAndSyntaxErrors) {
  SmtpProtocol p(options());
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "503");
  EXPECT_EQ(code(p.on_line("EHLO")), "501");
  EXPECT_EQ(code(p.on_line("HELO x")), "250");
  EXPECT_EQ(code(p.on_line("RCPT TO:<support@example.com>")), "503");
  EXPECT_EQ(code(p.on_line("DATA")), "503");
  EXPECT_EQ(code(p.on_line("MAIL FROM:a@b.c")), "501");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c> SIZE=abc")), "501");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c> FOO=1")), "555");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<>")), "250");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "503");
  EXPECT_EQ(code(p.on_line("DATA")), "503");
  EXPECT_EQ(code(p.on_line("RSET")), "250");
  EXPECT_EQ(code(p.on_line("VRFY someone")), "252");
  EXPECT_EQ(code(p.on_line("NOOP")), "250");
  EXPECT_EQ(code(p.on_line("STARTTLS")), "502");
  EXPECT_EQ(code(p.on_line("XYZZY")), "500");
  EXPECT_EQ(code(p.on_line("")), "500");
}

TEST(SmtpProtocol, StartTlsWhenOfferedThenTheSessionStartsOver) {
  auto o = options();
  o.starttls = true;
  SmtpProtocol p(o);
  EXPECT_EQ(code(p.on_line("STARTTLS")), "503");  // EHLO first
  EXPECT_NE(p.on_line("EHLO client.example").reply.find("250-STARTTLS\r\n"), std::string::npos);
  EXPECT_EQ(code(p.on_line("STARTTLS now")), "501");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "250");
  EXPECT_EQ(code(p.on_line("STARTTLS")), "503");  // not inside a transaction
  EXPECT_EQ(code(p.on_line("RSET")), "250");
  const auto step = p.on_line("STARTTLS");
  EXPECT_EQ(step.reply, "220 2.0.0 ready to start TLS\r\n");
  EXPECT_TRUE(step.start_tls);
  p.tls_started();
  // What was said before TLS is forgotten: EHLO again, and STARTTLS is no longer offered.
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "503");
  const auto again = p.on_line("EHLO client.example");
  EXPECT_EQ(again.reply.find("STARTTLS"), std::string::npos);
  EXPECT_EQ(code(p.on_line("STARTTLS")), "503");
  // Relaying stays refused, AUTH or not.
  EXPECT_EQ(code(p.on_line("AUTH PLAIN AGFAYQ==")), "502");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "250");
  EXPECT_EQ(code(p.on_line("RCPT TO:<victim@elsewhere.example>")), "550");
}

TEST(SmtpProtocol, NoStartTlsWithoutACertificate) {
  SmtpProtocol p(options());
  EXPECT_EQ(p.on_line("EHLO client.example").reply.find("STARTTLS"), std::string::npos);
  EXPECT_EQ(code(p.on_line("STARTTLS")), "502");
}

TEST(SmtpProtocol, SizeLimits) {
  SmtpProtocol p(options());
  static_cast<void>(p.on_line("EHLO x"));
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c> SIZE=101")), "552");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "250");
  EXPECT_EQ(code(p.on_line("RCPT TO:<support@example.com>")), "250");
  EXPECT_EQ(code(p.on_line("DATA")), "354");
  for (int i = 0; i < 10; ++i) static_cast<void>(p.on_line("0123456789012345678"));
  auto end = p.on_line(".");
  EXPECT_FALSE(end.message);
  EXPECT_EQ(code(end), "552");
  EXPECT_EQ(code(p.on_line("MAIL FROM:<a@b.c>")), "250") << "the session goes on";
}

TEST(SmtpProtocol, LmtpAnswersPerRecipient) {
  SmtpOptions o = options(true);
  o.accepts = [](std::string_view) { return true; };
  SmtpProtocol p(o);
  EXPECT_EQ(code(p.on_line("EHLO x")), "500");
  EXPECT_NE(p.on_line("LHLO x").reply.find("250 ENHANCEDSTATUSCODES"), std::string::npos);
  static_cast<void>(p.on_line("MAIL FROM:<a@b.c>"));
  static_cast<void>(p.on_line("RCPT TO:<one@example.com>"));
  static_cast<void>(p.on_line("RCPT TO:<two@example.com>"));
  static_cast<void>(p.on_line("DATA"));
  static_cast<void>(p.on_line("hi"));
  auto end = p.on_line(".");
  ASSERT_TRUE(end.message);
  EXPECT_EQ(p.accepted_replies(*end.message, "ok"), "250 2.0.0 ok\r\n250 2.0.0 ok\r\n");
  EXPECT_EQ(p.failed_replies(*end.message, 451, "4.3.0", "later"),
            "451 4.3.0 later\r\n451 4.3.0 later\r\n");
}

TEST(SmtpProtocol, LongLinesArriveInFragments) {
  SmtpProtocol p(options());
  static_cast<void>(p.on_line("EHLO x"));
  static_cast<void>(p.on_line("MAIL FROM:<a@b.c>"));
  static_cast<void>(p.on_line("RCPT TO:<support@example.com>"));
  static_cast<void>(p.on_line("DATA"));
  // ".." begins a line in pieces: unstuffed once; a "." fragment mid-line is text.
  p.on_data_fragment("..abc");
  p.on_data_fragment(".def");
  static_cast<void>(p.on_line("ghi"));
  p.on_data_fragment("x");
  EXPECT_FALSE(p.on_line(".").message) << "the end of a fragmented line is not the terminator";
  auto end = p.on_line(".");
  ASSERT_TRUE(end.message);
  EXPECT_EQ(end.message->data, ".abc.defghi\r\nx.\r\n");
}

TEST(SmtpProtocol, TheSharedBudgetDefersWhatDoesNotFit) {
  SmtpOptions o = options();
  o.max_message_bytes = 1000;
  o.budget = std::make_shared<MailBudget>(1500);
  SmtpProtocol first(o);
  SmtpProtocol second(o);
  for (auto* p : {&first, &second}) {
    static_cast<void>(p->on_line("EHLO x"));
    EXPECT_EQ(code(p->on_line("MAIL FROM:<a@b.c>")), "250");
    static_cast<void>(p->on_line("RCPT TO:<support@example.com>"));
    static_cast<void>(p->on_line("DATA"));
  }
  const std::string line(98, 'a');  // 100 bytes with CRLF
  for (int i = 0; i < 8; ++i) static_cast<void>(first.on_line(line));
  for (int i = 0; i < 8; ++i) static_cast<void>(second.on_line(line));
  auto stored = first.on_line(".");
  ASSERT_TRUE(stored.message);
  EXPECT_EQ(stored.message->data.size(), 800U);
  auto deferred = second.on_line(".");
  EXPECT_FALSE(deferred.message);
  EXPECT_EQ(deferred.reply, "452 4.3.1 insufficient system storage, try again later\r\n");
  // The stored message holds its share until it is released; a SIZE that does not fit the
  // rest is refused at once.
  EXPECT_EQ(code(second.on_line("MAIL FROM:<a@b.c> SIZE=900")), "452");
  stored.message->hold.release();
  EXPECT_EQ(o.budget->used(), 0U);
  EXPECT_EQ(code(second.on_line("MAIL FROM:<a@b.c> SIZE=900")), "250");
}

}  // namespace
}  // namespace frontdesk::email
