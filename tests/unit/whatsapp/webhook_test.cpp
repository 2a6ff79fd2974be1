// SPDX-License-Identifier: Apache-2.0
// Payloads shaped like Meta's published examples:
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
#include "webhook.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace frontdesk::whatsapp {
namespace {

std::string wrap(const std::string& value) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"8856996819413533","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"16505553333","phone_number_id":"27681414235104944"},)" +
         value + R"(},"field":"messages"}]}]})";
}

std::string contact_message(const std::string& message) {
  return wrap(R"("contacts":[{"profile":{"name":"Kerry Fisher"},"wa_id":"16315551234"}],"messages":[)" + message + "]");
}

boost::json::object meta(const sdk::InboundMessage& m) { return boost::json::parse(m.metadata_json).as_object(); }

TEST(Webhook, TextMessage) {
  const auto hook = *parse_webhook(contact_message(
      R"({"from":"16315551234","id":"wamid.ABGGFlCGg0cvAgo-sJQh43L5Pe4W","timestamp":"1603059201","text":{"body":"Hello this is an answer"},"type":"text"})"));
  ASSERT_EQ(hook.messages.size(), 1U);
  const auto& m = hook.messages[0].message;
  EXPECT_EQ(m.external_id, "wamid.ABGGFlCGg0cvAgo-sJQh43L5Pe4W");
  EXPECT_EQ(m.identity_kind, "whatsapp");
  EXPECT_EQ(m.identity_value, "16315551234");
  EXPECT_EQ(m.customer_name, "Kerry Fisher");
  EXPECT_EQ(m.body, "Hello this is an answer");
  EXPECT_EQ(m.subject, "Hello this is an answer");
  EXPECT_EQ(m.thread_keys, std::vector<std::string>{"wa:16315551234"});
  EXPECT_EQ(m.own_thread_key, "wa:16315551234");
  EXPECT_EQ(meta(m).at("waType").as_string(), "text");
  EXPECT_EQ(meta(m).at("phoneNumberId").as_string(), "27681414235104944");
  EXPECT_TRUE(hook.messages[0].media.empty());
  EXPECT_TRUE(hook.statuses.empty());
}

TEST(Webhook, ImageAndDocumentNeedMedia) {
  const auto hook = *parse_webhook(contact_message(
      R"({"from":"16315551234","id":"wamid.IMG","timestamp":"1603059201","type":"image","image":{"caption":"This is a caption","mime_type":"image/jpeg","sha256":"81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3","id":"2754859441498128"}},)"
      R"({"from":"16315551234","id":"wamid.DOC","timestamp":"1603059201","type":"document","document":{"filename":"report.pdf","mime_type":"application/pdf","sha256":"x","id":"9999"}},)"
      R"({"from":"16315551234","id":"wamid.AUD","timestamp":"1603059201","type":"audio","audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"y","id":"7777","voice":true}})"));
  ASSERT_EQ(hook.messages.size(), 3U);
  EXPECT_EQ(hook.messages[0].message.body, "This is a caption");
  ASSERT_EQ(hook.messages[0].media.size(), 1U);
  EXPECT_EQ(hook.messages[0].media[0].id, "2754859441498128");
  EXPECT_EQ(hook.messages[0].media[0].filename, "image-2754859441498128.jpg");
  EXPECT_EQ(hook.messages[1].media[0].filename, "report.pdf");
  EXPECT_EQ(hook.messages[1].message.body, "[document: report.pdf]");
  EXPECT_EQ(hook.messages[2].media[0].filename, "audio-7777.ogg");
}

TEST(Webhook, LocationInteractiveReactionAndUnknown) {
  const auto hook = *parse_webhook(contact_message(
      R"({"from":"16315551234","id":"wamid.LOC","timestamp":"1","type":"location","location":{"latitude":38.9,"longitude":-77.03,"name":"Office","address":"1 Main St"}},)"
      R"({"from":"16315551234","id":"wamid.BTN","timestamp":"1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"unique-postback-id","title":"Button title"}}},)"
      R"({"from":"16315551234","id":"wamid.LST","timestamp":"1","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"csat:2","title":"2 - Poor","description":""}}},)"
      R"({"from":"16315551234","id":"wamid.RCT","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.X","emoji":"\ud83d\ude00"}},)"
      R"({"from":"16315551234","id":"wamid.UNK","timestamp":"1","type":"unsupported","errors":[{"code":131051}]})"));
  ASSERT_EQ(hook.messages.size(), 5U);
  EXPECT_EQ(hook.messages[0].message.body.rfind("Location: Office, 1 Main St (38.9", 0), 0U);
  EXPECT_EQ(hook.messages[1].message.body, "Button title");
  EXPECT_EQ(meta(hook.messages[1].message).at("replyId").as_string(), "unique-postback-id");
  EXPECT_FALSE(meta(hook.messages[1].message).contains("surveyAnswer"));
  EXPECT_EQ(meta(hook.messages[2].message).at("surveyAnswer").as_int64(), 2);
  EXPECT_EQ(hook.messages[3].message.body, "[reacted \xF0\x9F\x98\x80]");
  EXPECT_EQ(hook.messages[4].message.body, "[unsupported WhatsApp message type 'unsupported']");
}

TEST(Webhook, DigitAndCommandTexts) {
  const auto hook = *parse_webhook(contact_message(
      R"({"from":"16315551234","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"4"}},)"
      R"({"from":"16315551234","id":"wamid.B","timestamp":"1","type":"text","text":{"body":"Status"}})"));
  EXPECT_EQ(meta(hook.messages[0].message).at("surveyAnswer").as_int64(), 4);
  EXPECT_EQ(meta(hook.messages[1].message).at("command").as_string(), "status");
}

TEST(Webhook, StopAndStartChangeTheOptOut) {
  const auto hook = *parse_webhook(contact_message(
      R"({"from":"16315551234","id":"wamid.S","timestamp":"1","type":"text","text":{"body":" stop "}},)"
      R"({"from":"16315551234","id":"wamid.T","timestamp":"1","type":"text","text":{"body":"START"}},)"
      R"({"from":"16315551234","id":"wamid.U","timestamp":"1","type":"text","text":{"body":"Please stop the noise"}})"));
  const auto stop = meta(hook.messages[0].message);
  EXPECT_EQ(stop.at("optOut").as_string(), "stop");
  EXPECT_EQ(stop.at("keyword").as_string(), "STOP");
  EXPECT_EQ(stop.at("from").as_string(), "16315551234");
  EXPECT_EQ(meta(hook.messages[1].message).at("optOut").as_string(), "start");
  EXPECT_FALSE(meta(hook.messages[2].message).contains("optOut")) << "only the word alone opts out";
}

TEST(Webhook, Statuses) {
  const auto hook = *parse_webhook(wrap(
      R"("statuses":[{"id":"wamid.S1","status":"delivered","timestamp":"1","recipient_id":"16315551234"},)"
      R"({"id":"wamid.S2","status":"failed","timestamp":"1","recipient_id":"1","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]}])"));
  ASSERT_EQ(hook.statuses.size(), 2U);
  EXPECT_EQ(hook.statuses[0].wamid, "wamid.S1");
  EXPECT_EQ(hook.statuses[0].status, "delivered");
  EXPECT_EQ(hook.statuses[1].error,
            "131047 Re-engagement message: Message failed to send because more than 24 hours have passed "
            "since the customer last replied to this number.");
}

TEST(Webhook, MalformedPayloadsSayWhy) {
  const auto error = [](const std::string& body) {
    const auto hook = parse_webhook(body);
    return hook ? std::string("accepted") : hook.error();
  };
  EXPECT_EQ(error("{"), "the body is not JSON: incomplete JSON");
  EXPECT_EQ(error("[]"), "the body is not a JSON object");
  EXPECT_EQ(error(R"({"object":"page","entry":[]})"), "'object' is not whatsapp_business_account");
  EXPECT_EQ(error(R"({"object":"whatsapp_business_account"})"), "'entry' is missing");
  EXPECT_EQ(error(contact_message(R"({"id":"wamid.X","type":"text"})")), "a message lacks 'from' or 'id'");
  EXPECT_EQ(error(contact_message(R"({"from":"1","id":"wamid.X","type":"image","image":{}})")),
            "a image message lacks its media id");
}

TEST(Webhook, LongFirstLineMakesAShortSubject) {
  const std::string text(200, 'x');
  const auto hook = *parse_webhook(contact_message(
      R"({"from":"1","id":"wamid.L","timestamp":"1","type":"text","text":{"body":")" + text + R"(\nsecond line"}})"));
  EXPECT_EQ(hook.messages[0].message.subject, std::string(80, 'x') + "…");
}

}  // namespace
}  // namespace frontdesk::whatsapp
