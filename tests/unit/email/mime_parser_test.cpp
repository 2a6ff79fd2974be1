// SPDX-License-Identifier: Apache-2.0
#include "mime_parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "charset.hpp"
#include "fixtures.hpp"

namespace frontdesk::email {
namespace {

using test::fixture;

TEST(MimeParser, Latin1QuotedPrintable) {
  const auto mail = parse_mail(fixture("written/latin1_qp.eml"));
  EXPECT_EQ(mail.subject, "Gerät defekt");
  ASSERT_TRUE(mail.from);
  EXPECT_EQ(mail.from->address, "juergen@example.de");
  EXPECT_EQ(mail.from_name, "Jürgen Müller");
  EXPECT_EQ(mail.message_id, "latin1-qp@example.de");
  EXPECT_EQ(mail.text, "Grüße aus München, das Gerät ist kaputt. Preis: 20 EUR?");
  EXPECT_TRUE(mail.defects.empty());
}

TEST(MimeParser, Windows1252EightBit) {
  const auto mail = parse_mail(fixture("written/windows1252_8bit.eml"));
  EXPECT_EQ(mail.subject, "“Invoice” – 30 €");
  EXPECT_EQ(mail.from_name, "O'Brien, Pat");
  EXPECT_EQ(mail.text, "Hello, the invoice says “30 €” – but I paid already.");
}

TEST(MimeParser, Iso2022Jp) {
  const auto mail = parse_mail(fixture("written/iso2022jp.eml"));
  EXPECT_EQ(mail.subject, "注文の確認について");
  EXPECT_EQ(mail.from_name, "山田太郎");
  EXPECT_EQ(mail.text, "お世話になっております。\n注文番号を確認してください。");
}

TEST(MimeParser, Utf8Base64AndMixedWords) {
  const auto mail = parse_mail(fixture("written/utf8_base64.eml"));
  EXPECT_EQ(mail.subject, "Proéblem — вход now");
  EXPECT_EQ(mail.from_name, "Иван");
  EXPECT_EQ(mail.text, "Здравствуйте! Не могу войти в аккаунт. 🙁");
}

TEST(MimeParser, AlternativePrefersPlainAndKeepsAttachment) {
  const auto mail = parse_mail(fixture("written/attachment_rfc2231.eml"));
  EXPECT_EQ(mail.text, "Please find my receipt attached.\nThanks, Ann");
  EXPECT_FALSE(mail.text_from_html);
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].filename, "Quittung März.pdf");
  EXPECT_EQ(mail.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(mail.attachments[0].data.substr(0, 8), "%PDF-1.4");
  EXPECT_EQ(mail.attachments[0].data.back(), '\n');
}

TEST(MimeParser, InlineImageWithContentIdAndHtmlText) {
  const auto mail = parse_mail(fixture("written/inline_image.eml"));
  EXPECT_EQ(mail.text, "The error looks like this:\n\nBob");
  EXPECT_TRUE(mail.text_from_html);
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].content_id, "shot1@example.org");
  EXPECT_EQ(mail.attachments[0].content_type, "image/png");
  EXPECT_EQ(mail.attachments[0].data.substr(1, 3), "PNG");
}

TEST(MimeParser, HtmlOnly) {
  const auto mail = parse_mail(fixture("written/html_only.eml"));
  EXPECT_TRUE(mail.text_from_html);
  EXPECT_EQ(mail.text,
            "Hello team,\n\nMy order & my invoice:\n\n- Order 42\n- Invoice №7 €\n\n"
            "See my order (https://example.net/orders/42).");
}

TEST(MimeParser, ThreadingHeaders) {
  const auto mail = parse_mail(fixture("written/reply_quoted.eml"));
  ASSERT_EQ(mail.in_reply_to.size(), 1u);
  EXPECT_EQ(mail.in_reply_to[0], "fd.1.abc@example.com");
  ASSERT_EQ(mail.references.size(), 2u);
  EXPECT_EQ(mail.references[0], "first@example.com");
}

TEST(MimeParser, MalformedMultipartKeepsWhatItCan) {
  const auto mail = parse_mail(fixture("written/malformed_multipart.eml"));
  EXPECT_EQ(mail.subject, "Broken ÿ mail");
  EXPECT_EQ(mail.message_id, "malformed-1@example.com");
  EXPECT_EQ(mail.text, "The text part survives.");
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].filename, "data.bin");
  EXPECT_FALSE(mail.defects.empty());
}

TEST(MimeParser, NoHeaderAndUnusedBoundary) {
  const auto raw = parse_mail(fixture("written/no_header.eml"));
  EXPECT_EQ(raw.text, "this is not a mail message at all\njust some text");
  EXPECT_FALSE(raw.from);
  const auto unused = parse_mail(fixture("written/missing_boundary.eml"));
  EXPECT_EQ(unused.text, "Just text, the boundary never appears.");
  EXPECT_FALSE(unused.defects.empty());
}

TEST(MimeParser, DeliveryStatusReport) {
  const auto mail = parse_mail(fixture("written/bounce_dsn.eml"));
  ASSERT_TRUE(mail.report);
  EXPECT_EQ(mail.report->action, "failed");
  EXPECT_EQ(mail.report->status, "5.1.1");
  EXPECT_EQ(mail.report->diagnostic, "550 5.1.1 <nobody@example.net>: Recipient address rejected");
  EXPECT_EQ(mail.report->recipient, "nobody@example.net");
  EXPECT_EQ(mail.original_message_id, "fd.7.deadbeef@example.com");
}

TEST(MimeParser, CpythonCorpusParsesToValidUtf8) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::fixture_dir() / "cpython")) {
    const std::string raw = test::read_file(entry.path());
    const auto mail = parse_mail(raw);
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(sanitize_utf8(mail.text), mail.text);
    EXPECT_EQ(sanitize_utf8(mail.subject), mail.subject);
    for (const auto& a : mail.attachments) EXPECT_FALSE(a.filename.empty());
    ++count;
  }
  EXPECT_GE(count, 40u);
}

TEST(MimeParser, CpythonCorpusSpecifics) {
  const auto m1 = parse_mail(fixture("cpython/msg_01.txt"));
  EXPECT_EQ(m1.subject, "This is a test message");
  EXPECT_EQ(m1.from->address, "bbb@ddd.com");
  EXPECT_EQ(m1.from_name, "John X. Doe");
  EXPECT_EQ(m1.message_id, "15090.61304.110929.45684@aaa.zzz.org");
  // msg_07: text plus a base64 GIF attachment.
  const auto m7 = parse_mail(fixture("cpython/msg_07.txt"));
  EXPECT_EQ(m7.text, "Hi there,\n\nThis is the dingus fish.");
  ASSERT_EQ(m7.attachments.size(), 1u);
  EXPECT_EQ(m7.attachments[0].filename, "dingusfish.gif");
  EXPECT_EQ(m7.attachments[0].data.substr(0, 3), "GIF");
  // msg_05: a delivery report without an action keeps its text.
  const auto m5 = parse_mail(fixture("cpython/msg_05.txt"));
  EXPECT_NE(m5.text.find("Yadda yadda yadda"), std::string::npos);
}

TEST(MimeParser, DeepNestingAndManyPartsAreBounded) {
  std::string raw = "From: a@b.c\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n";
  for (int i = 0; i < 60; ++i) {
    raw += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" +
           std::to_string(i + 1) + "\r\n\r\n";
  }
  raw += "--b60\r\nContent-Type: text/plain\r\n\r\ndeep\r\n";
  const auto mail = parse_mail(raw);
  EXPECT_FALSE(mail.defects.empty());

  std::string many = "From: a@b.c\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n";
  for (int i = 0; i < 1000; ++i) many += "--x\r\nContent-Type: text/plain\r\n\r\npart\r\n";
  many += "--x--\r\n";
  ParseLimits limits;
  limits.max_parts = 100;
  const auto bounded = parse_mail(many, limits);
  EXPECT_FALSE(bounded.defects.empty());
}

TEST(MimeParser, OversizeAttachmentIsDroppedAndNamed) {
  ParseLimits limits;
  limits.max_attachment_bytes = 10;
  const auto mail = parse_mail(fixture("written/attachment_rfc2231.eml"), limits);
  EXPECT_TRUE(mail.attachments.empty());
  ASSERT_EQ(mail.dropped_attachments.size(), 1u);
  EXPECT_EQ(mail.dropped_attachments[0], "Quittung März.pdf");
}

}  // namespace
}  // namespace frontdesk::email
