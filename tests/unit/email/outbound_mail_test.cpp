// SPDX-License-Identifier: Apache-2.0
#include "outbound_mail.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "mime_parser.hpp"
#include "smtp_server.hpp"

namespace frontdesk::email {
namespace {

Config config() {
  Config c;
  c.address = "support@example.com";
  return c;
}

OutboundRequest request() {
  OutboundRequest r;
  r.outbox_id = 7;
  r.ticket_number = "TKT-1700000000-000042";
  r.to = "Ann@Example.com";
  r.subject = "Re: Gerät defekt";
  r.body = "Hello Ann,\n.\nplease restart it.\n";
  r.metadata_json = R"({"inReplyTo":"<orig@example.com>","references":["first@example.com"],"autoSubmitted":true})";
  return r;
}

ComposedMail compose_ok(const OutboundRequest& r) {
  auto composed = compose_mail(config(), r, "fd.7.abc@example.com");
  EXPECT_TRUE(std::holds_alternative<ComposedMail>(composed))
      << std::get<std::string>(composed);
  return std::get<ComposedMail>(composed);
}

TEST(OutboundMail, ComposesThreadingHeadersAndTicketToken) {
  const ComposedMail mail = compose_ok(request());
  EXPECT_EQ(mail.message_id, "fd.7.abc@example.com");
  EXPECT_EQ(mail.recipient, "ann@example.com");
  // Read back with our own parser: what a customer's mail client sees.
  const ParsedMail parsed = parse_mail(mail.data);
  EXPECT_EQ(parsed.subject, "Re: Gerät defekt [TKT-1700000000-000042]");
  EXPECT_EQ(parsed.message_id, "fd.7.abc@example.com");
  ASSERT_EQ(parsed.in_reply_to.size(), 1u);
  EXPECT_EQ(parsed.in_reply_to[0], "orig@example.com");
  ASSERT_EQ(parsed.references.size(), 2u);
  EXPECT_EQ(parsed.references[0], "first@example.com");
  EXPECT_EQ(parsed.references[1], "orig@example.com");
  EXPECT_EQ(parsed.header("Auto-Submitted"), "auto-replied");
  EXPECT_EQ(parsed.header("X-Loop"), "support@example.com");
  EXPECT_EQ(parsed.from->address, "support@example.com");
  EXPECT_EQ(parsed.text, "Hello Ann,\n.\nplease restart it.");
}

TEST(OutboundMail, KeepsTokenAlreadyInSubjectAndDefaultsEmptySubject) {
  auto r = request();
  r.subject = "About [TKT-1700000000-000042]";
  r.metadata_json.clear();
  const ParsedMail parsed = parse_mail(compose_ok(r).data);
  EXPECT_EQ(parsed.subject, "About [TKT-1700000000-000042]");
  EXPECT_FALSE(parsed.header("Auto-Submitted"));
  EXPECT_FALSE(parsed.header("In-Reply-To"));
  r.subject.clear();
  EXPECT_EQ(parse_mail(compose_ok(r).data).subject, "Your support request [TKT-1700000000-000042]");
}

TEST(OutboundMail, CarriesOneClickUnsubscribe) {
  auto r = request();
  r.metadata_json = R"({"autoSubmitted":"auto-generated","listUnsubscribe":"https://desk.example/status/unsubscribe?token=1.u.ab"})";
  const ParsedMail parsed = parse_mail(compose_ok(r).data);
  EXPECT_EQ(parsed.header("List-Unsubscribe"), "<https://desk.example/status/unsubscribe?token=1.u.ab>");
  EXPECT_EQ(parsed.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  for (const char* bad : {R"({"listUnsubscribe":"mailto:x@example.com"})", R"({"listUnsubscribe":"https://x/a b"})",
                          R"({"listUnsubscribe":"https://x/\r\nBcc: y@example.com"})", R"({"listUnsubscribe":7})"}) {
    r.metadata_json = bad;
    const auto composed = compose_mail(config(), r, "fd.7.abc@example.com");
    ASSERT_TRUE(std::holds_alternative<std::string>(composed)) << bad;
    EXPECT_EQ(std::get<std::string>(composed), "metadata.listUnsubscribe must be one http(s) URL");
  }
}

TEST(OutboundMail, RefusesCrLfInHeaderValuesAndBadMetadata) {
  auto r = request();
  r.subject = "hi\r\nBcc: victim@example.com";
  EXPECT_EQ(std::get<std::string>(compose_mail(config(), r, "x@y")),
            "a header value contains CR or LF; refusing to send");
  r = request();
  r.to = "ann@example.com\nBcc: v@x";
  EXPECT_TRUE(std::holds_alternative<std::string>(compose_mail(config(), r, "x@y")));
  r = request();
  r.to = "not an address";
  EXPECT_TRUE(std::holds_alternative<std::string>(compose_mail(config(), r, "x@y")));
  r = request();
  r.metadata_json = R"({"inReplyTo":"a@b\r\nX-Evil: 1"})";
  EXPECT_EQ(std::get<std::string>(compose_mail(config(), r, "x@y")),
            "metadata.inReplyTo must be one message id without CR or LF");
  r.metadata_json = R"({"references":[1]})";
  EXPECT_TRUE(std::holds_alternative<std::string>(compose_mail(config(), r, "x@y")));
}

TEST(OutboundMail, MessageIdsAreUniqueInOurDomain) {
  const auto a = make_message_id("support@example.com", 1);
  const auto b = make_message_id("support@example.com", 1);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(a.find('@')), "@example.com");
}

// Our own listener as the receiving MTA: the replies it gives decide the outcome.
struct Receiver {
  explicit Receiver(StoreResult::Kind kind) {
    SmtpServerOptions o;
    o.protocol.accepts = [](std::string_view r) { return r == "ann@example.com"; };
    server = std::make_unique<SmtpServer>(o, [this, kind](ReceivedMessage m, SinkDone done) {
      received = std::move(m);
      done(StoreResult{kind, kind == StoreResult::Kind::stored ? "ok" : "no"});
    });
    server->start();
  }
  OutboundServer target() const {
    OutboundServer s;
    s.host = "127.0.0.1";
    s.port = server->local_port();
    return s;
  }
  std::unique_ptr<SmtpServer> server;
  ReceivedMessage received;
};

TEST(OutboundMail, SendsThroughSmtpWithDotStuffing) {
  Receiver receiver(StoreResult::Kind::stored);
  const ComposedMail mail = compose_ok(request());
  const DeliveryOutcome outcome = send_mail(receiver.target(), "support@example.com", mail);
  EXPECT_EQ(outcome.status, FD_DELIVERY_SENT) << outcome.error;
  EXPECT_EQ(outcome.provider_id, "fd.7.abc@example.com");
  EXPECT_EQ(receiver.received.mail_from, "support@example.com");
  EXPECT_EQ(receiver.received.data, mail.data.back() == '\n' ? mail.data : mail.data + "\r\n");
}

TEST(OutboundMail, PermanentOn5xxTransientOn4xxAndConnectionErrors) {
  auto r = request();
  r.to = "nobody@example.com";
  Receiver receiver(StoreResult::Kind::stored);
  auto rejected = send_mail(receiver.target(), "support@example.com", compose_ok(r));
  EXPECT_EQ(rejected.status, FD_DELIVERY_PERMANENT);
  EXPECT_NE(rejected.error.find("550"), std::string::npos) << rejected.error;

  Receiver busy(StoreResult::Kind::retry);
  auto later = send_mail(busy.target(), "support@example.com", compose_ok(request()));
  EXPECT_EQ(later.status, FD_DELIVERY_TRANSIENT);
  EXPECT_NE(later.error.find("451"), std::string::npos) << later.error;

  OutboundServer closed = busy.target();
  busy.server.reset();
  auto down = send_mail(closed, "support@example.com", compose_ok(request()));
  EXPECT_EQ(down.status, FD_DELIVERY_TRANSIENT);
  EXPECT_FALSE(down.error.empty());
}

}  // namespace
}  // namespace frontdesk::email
