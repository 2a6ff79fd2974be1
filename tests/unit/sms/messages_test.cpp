// SPDX-License-Identifier: Apache-2.0
// Parameters shaped like Twilio's published webhook requests:
// https://www.twilio.com/docs/messaging/guides/webhook-request
#include "messages.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace frontdesk::sms {
namespace {

provider::FormParams inbound(const std::string& body) {
  return {{"ToCountry", "US"}, {"SmsMessageSid", "SM1342fe1b2c904d1ab04f0fc7a58abca9"}, {"NumMedia", "0"},
          {"Body", body}, {"To", "+15005550006"}, {"MessageSid", "SM1342fe1b2c904d1ab04f0fc7a58abca9"},
          {"AccountSid", "AC0123"}, {"From", "+14155552671"}, {"ApiVersion", "2010-04-01"}};
}

boost::json::object meta(const sdk::InboundMessage& m) { return boost::json::parse(m.metadata_json).as_object(); }

TEST(SmsKeywords, TwilioDefaults) {
  for (const char* w : {"STOP", "stop", " StopAll ", "UNSUBSCRIBE", "cancel", "END", "quit"}) {
    EXPECT_EQ(classify_keyword(w), Keyword::stop) << w;
  }
  for (const char* w : {"START", "yes", "Unstop"}) EXPECT_EQ(classify_keyword(w), Keyword::start) << w;
  for (const char* w : {"HELP", "info"}) EXPECT_EQ(classify_keyword(w), Keyword::help) << w;
  for (const char* w : {"please stop", "stopp", ""}) EXPECT_EQ(classify_keyword(w), Keyword::none) << w;
}

TEST(SmsInbound, Message) {
  const auto m = *to_inbound(inbound("Where is my order?"));
  EXPECT_EQ(m.external_id, "SM1342fe1b2c904d1ab04f0fc7a58abca9");
  EXPECT_EQ(m.identity_kind, "phone");
  EXPECT_EQ(m.identity_value, "+14155552671");
  EXPECT_EQ(m.thread_keys, std::vector<std::string>{"sms:+14155552671"});
  EXPECT_EQ(m.subject, "Where is my order?");
  const auto md = meta(m);
  EXPECT_EQ(md.at("from").as_string(), "+14155552671");
  EXPECT_EQ(md.at("encoding").as_string(), "GSM-7");
  EXPECT_EQ(md.at("segments").as_int64(), 1);
  EXPECT_FALSE(md.contains("optOut"));
}

TEST(SmsInbound, OptOutAndBackIn) {
  EXPECT_EQ(meta(*to_inbound(inbound("Stop"))).at("optOut").as_string(), "stop");
  EXPECT_EQ(meta(*to_inbound(inbound("UNSTOP"))).at("optOut").as_string(), "start");
  const auto help = meta(*to_inbound(inbound("help")));
  EXPECT_EQ(help.at("keyword").as_string(), "HELP");
  EXPECT_FALSE(help.contains("optOut"));
}

TEST(SmsInbound, DigitsAndCommands) {
  EXPECT_EQ(meta(*to_inbound(inbound("2"))).at("surveyAnswer").as_int64(), 2);
  EXPECT_EQ(meta(*to_inbound(inbound("agent"))).at("command").as_string(), "agent");
}

TEST(SmsInbound, MediaUrlsAreKept) {
  auto params = inbound("");
  params.emplace_back("NumMedia", "1");
  params.erase(params.begin() + 2);
  params.emplace_back("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages/SM1/Media/ME1");
  params.emplace_back("MediaContentType0", "image/jpeg");
  const auto m = *to_inbound(params);
  EXPECT_EQ(m.body, "[MMS with 1 media]");
  EXPECT_EQ(meta(m).at("media").at(0).at("contentType").as_string(), "image/jpeg");
}

TEST(SmsInbound, MediaBecomeAttachmentsAndFailuresAreNoted) {
  auto params = inbound("Two photos");
  for (auto& [name, value] : params) {
    if (name == "NumMedia") value = "3";
  }
  const std::string base = "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages/MM1/Media/";
  params.emplace_back("MediaUrl0", base + "ME1");
  params.emplace_back("MediaContentType0", "image/jpeg");
  params.emplace_back("MediaUrl1", base + "ME2");
  params.emplace_back("MediaContentType1", "image/png");
  params.emplace_back("MediaUrl2", base + "ME3?x=1");
  params.emplace_back("MediaContentType2", "application/x-unknown");
  EXPECT_EQ(media_count(params), 3);
  auto m = *to_inbound(params);
  std::vector<std::string> asked;
  attach_media(m, [&asked](const std::string& url, const std::string& type) {
    asked.push_back(url);
    if (url.find("ME2") != std::string::npos) throw std::runtime_error("media server answered HTTP 404");
    return sdk::Attachment{"ignored", type, "bytes of " + url.substr(url.size() - 3), {}};
  });
  EXPECT_EQ(asked.size(), 3U);
  ASSERT_EQ(m.attachments.size(), 2U);
  EXPECT_EQ(m.attachments[0].filename, "ME1.jpg");
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m.attachments[0].data, "bytes of ME1");
  EXPECT_EQ(m.attachments[1].filename, "ME3");
  const auto md = meta(m);
  EXPECT_EQ(md.at("mediaErrors").as_int64(), 1);
  EXPECT_EQ(md.at("media").at(0).at("attachment").as_string(), "ME1.jpg");
  EXPECT_EQ(md.at("media").at(1).at("error").as_string(), "media server answered HTTP 404");
  EXPECT_EQ(md.at("media").at(1).at("url").as_string(), base + "ME2");
  EXPECT_EQ(m.body, "Two photos");
}

TEST(SmsInbound, MediaCountIgnoresNonsense) {
  for (const char* n : {"", "x", "-1", "100", "1e3"}) {
    EXPECT_EQ(media_count({{"NumMedia", n}}), 0) << n;
  }
  EXPECT_EQ(media_count({{"NumMedia", "10"}}), 10);
}

TEST(SmsInbound, RequiresSidAndSender) {
  const auto m = to_inbound({{"Body", "hi"}});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), "MessageSid and From are required");
}

TEST(SmsStatus, MapsTwilioStates) {
  EXPECT_EQ(to_status({{"MessageSid", "SM1"}, {"MessageStatus", "delivered"}}).status, "delivered");
  EXPECT_EQ(to_status({{"MessageSid", "SM1"}, {"MessageStatus", "queued"}}).status, "");
  const auto failed = to_status({{"MessageSid", "SM1"}, {"MessageStatus", "undelivered"}, {"ErrorCode", "30003"}});
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.error, "undelivered (Twilio error 30003)");
}

TEST(SmsOutbound, FormAndAnswers) {
  Config c;
  c.from = "+15005550006";
  c.public_url = "https://desk.example.com/webhooks/sms";
  EXPECT_EQ(outbound_form(c, "+14155552671", "Hi there"),
            "To=%2B14155552671&Body=Hi%20there&From=%2B15005550006&StatusCallback=https%3A%2F%2Fdesk.example.com%2Fwebhooks%2Fsms%2Fstatus");
  c.from = "MG0123";
  EXPECT_NE(outbound_form(c, "+1", "x").find("MessagingServiceSid=MG0123"), std::string::npos);

  const auto sent = classify_response(201, R"({"sid":"SMabc","status":"queued"})");
  EXPECT_EQ(sent.status, FD_DELIVERY_SENT);
  EXPECT_EQ(sent.provider_id, "SMabc");
  const auto optout = classify_response(400, R"({"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400})");
  EXPECT_EQ(optout.status, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(optout.error, "Twilio error 21610: Attempt to send to unsubscribed recipient");
  EXPECT_EQ(classify_response(503, "").status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(classify_response(429, "{}").status, FD_DELIVERY_TRANSIENT);
}

}  // namespace
}  // namespace frontdesk::sms
