// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "frames.hpp"

namespace frontdesk::livechat {
namespace {

TEST(LivechatFrames, AMessageFrameIsParsed) {
  const auto frame = parse_client_frame(R"({"type":"message","clientMsgId":"c-1","text":"Hola, ¿qué tal?"})", 100);
  ASSERT_TRUE(std::holds_alternative<SendMessage>(frame));
  EXPECT_EQ(std::get<SendMessage>(frame).client_msg_id, "c-1");
  EXPECT_EQ(std::get<SendMessage>(frame).text, "Hola, ¿qué tal?");
  const auto read = parse_client_frame(R"({"type":"read","seq":4})", 100);
  ASSERT_TRUE(std::holds_alternative<MarkRead>(read));
  EXPECT_EQ(std::get<MarkRead>(read).seq, 4);
}

TEST(LivechatFrames, AHelloCarriesATokenOrAnIdentityAndAResumePoint) {
  const auto anonymous = parse_client_frame(R"({"type":"hello","visitorToken":"tok","resume":7})", 100);
  ASSERT_TRUE(std::holds_alternative<Hello>(anonymous));
  EXPECT_EQ(std::get<Hello>(anonymous).visitor_token, "tok");
  EXPECT_FALSE(std::get<Hello>(anonymous).user_id);
  EXPECT_EQ(std::get<Hello>(anonymous).resume, 7);
  const auto user = parse_client_frame(R"({"type":"hello","identity":{"userId":"u1","hmac":"ab"}})", 100);
  ASSERT_TRUE(std::holds_alternative<Hello>(user));
  EXPECT_EQ(std::get<Hello>(user).user_id, std::optional<std::string>("u1"));
  EXPECT_EQ(std::get<Hello>(user).hmac, "ab");
  EXPECT_EQ(std::get<Hello>(user).resume, 0);
  EXPECT_TRUE(std::holds_alternative<Hello>(parse_client_frame(R"({"type":"hello"})", 100)));
  for (const char* bad : {R"({"type":"hello","resume":-1})", R"({"type":"hello","resume":"3"})",
                          R"({"type":"hello","visitorToken":5})", R"({"type":"hello","identity":{"userId":"u"}})",
                          R"({"type":"hello","identity":"u1"})"}) {
    EXPECT_TRUE(std::holds_alternative<BadFrame>(parse_client_frame(bad, 100))) << bad;
  }
  const auto welcome = boost::json::parse(welcome_frame("tok", "v-1", false, 4)).as_object();
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("visitorToken"), "tok");
  EXPECT_EQ(welcome.at("conversationId"), "v-1");
  EXPECT_EQ(welcome.at("seq").to_number<std::int64_t>(), 4);
  EXPECT_TRUE(boost::json::parse(welcome_frame("", "u-a", true, 0)).at("visitorToken").is_null());
}

TEST(LivechatFrames, TypingGoesBothWays) {
  EXPECT_TRUE(std::holds_alternative<Typing>(parse_client_frame(R"({"type":"typing"})", 100)));
  const auto frame = boost::json::parse(typing_frame("Ana")).as_object();
  EXPECT_EQ(frame.at("type"), "typing");
  EXPECT_EQ(frame.at("author"), "agent");
  EXPECT_EQ(frame.at("authorName"), "Ana");
  EXPECT_EQ(frame.at("expiresIn").to_number<std::int64_t>(), std::int64_t{FD_TYPING_LASTS_MS});
  EXPECT_FALSE(boost::json::parse(typing_frame("")).as_object().contains("authorName"));
}

TEST(LivechatFrames, BadFramesSayWhy) {
  struct Case {
    const char* text;
    const char* code;
  };
  for (const auto& c : {Case{"[]", "bad_frame"}, Case{"{", "bad_frame"}, Case{R"({"text":"x"})", "bad_frame"},
                        Case{R"({"type":"message","text":"x"})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"","text":"x"})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","text":" \n "})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","text":7})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","body":"x"})", "bad_frame"},
                        Case{R"({"type":"read","seq":-1})", "bad_frame"}, Case{R"({"type":"read","seq":"1"})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","text":"ééééé"})", "too_long"}}) {
    const auto frame = parse_client_frame(c.text, 4);
    ASSERT_TRUE(std::holds_alternative<BadFrame>(frame)) << c.text;
    EXPECT_EQ(std::get<BadFrame>(frame).code, c.code) << c.text;
  }
  // Four characters of two bytes each are within a limit of four characters.
  EXPECT_TRUE(std::holds_alternative<SendMessage>(parse_client_frame(R"({"type":"message","clientMsgId":"a","text":"éééé"})", 4)));
}

TEST(LivechatFrames, ServerFramesAreJsonWithEveryField) {
  sdk::ConversationMessage m;
  m.seq = 3;
  m.ticket_number = "TKT-1";
  m.direction = "outbound";
  m.author_kind = "agent";
  m.author_name = "Ana \"the\" agent";
  m.body = "<b>hi</b>";
  m.created_at_ms = 1700000000000;
  const auto reply = boost::json::parse(message_frame(m, "ignored")).as_object();
  EXPECT_EQ(reply.at("author"), "agent");
  EXPECT_EQ(reply.at("authorName"), "Ana \"the\" agent");
  EXPECT_EQ(reply.at("text"), "<b>hi</b>");
  EXPECT_TRUE(from_agent(m));
  EXPECT_EQ(boost::json::parse(agent_frame("Ana")).as_object(), (boost::json::object{{"type", "agent"}, {"name", "Ana"}}));
  EXPECT_FALSE(reply.contains("clientMsgId"));  // only the visitor's own messages carry one
  m.direction = "inbound";
  m.author_kind = "customer";
  m.author_name.clear();
  const auto own = boost::json::parse(message_frame(m, "c-9")).as_object();
  EXPECT_EQ(own.at("author"), "visitor");
  EXPECT_EQ(own.at("clientMsgId"), "c-9");
  EXPECT_FALSE(from_agent(m));
  const auto ack = boost::json::parse(ack_frame("c-9", 12, true, "TKT-1")).as_object();
  EXPECT_EQ(ack.at("status"), "duplicate");
  EXPECT_EQ(ack.at("seq").to_number<std::int64_t>(), 12);
  EXPECT_EQ(boost::json::parse(error_frame("too_long", "x", "c-9")).at("clientMsgId"), "c-9");
}

}  // namespace
}  // namespace frontdesk::livechat
