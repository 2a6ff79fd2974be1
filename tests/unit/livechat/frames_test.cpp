// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "frames.hpp"

namespace frontdesk::livechat {
namespace {

TEST(LivechatFrames, AMessageFrameIsParsed) {
  const auto frame = parse_client_frame(R"({"type":"message","clientMsgId":"c-1","body":"Hola, ¿qué tal?"})", 100);
  ASSERT_TRUE(std::holds_alternative<SendMessage>(frame));
  EXPECT_EQ(std::get<SendMessage>(frame).client_msg_id, "c-1");
  EXPECT_EQ(std::get<SendMessage>(frame).body, "Hola, ¿qué tal?");
  const auto read = parse_client_frame(R"({"type":"read","seq":4})", 100);
  ASSERT_TRUE(std::holds_alternative<MarkRead>(read));
  EXPECT_EQ(std::get<MarkRead>(read).seq, 4);
}

TEST(LivechatFrames, TypingGoesBothWays) {
  EXPECT_TRUE(std::holds_alternative<Typing>(parse_client_frame(R"({"type":"typing"})", 100)));
  const auto frame = boost::json::parse(typing_frame("Ana")).as_object();
  EXPECT_EQ(frame.at("type"), "typing");
  EXPECT_EQ(frame.at("from"), "agent");
  EXPECT_EQ(frame.at("author"), "Ana");
  EXPECT_EQ(frame.at("expiresIn").to_number<std::int64_t>(), std::int64_t{FD_TYPING_LASTS_MS});
  EXPECT_FALSE(boost::json::parse(typing_frame("")).as_object().contains("author"));
}

TEST(LivechatFrames, BadFramesSayWhy) {
  struct Case {
    const char* text;
    const char* code;
  };
  for (const auto& c : {Case{"[]", "bad_frame"}, Case{"{", "bad_frame"}, Case{R"({"body":"x"})", "bad_frame"},
                        Case{R"({"type":"message","body":"x"})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"","body":"x"})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","body":" \n "})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","body":7})", "bad_frame"},
                        Case{R"({"type":"read","seq":-1})", "bad_frame"}, Case{R"({"type":"read","seq":"1"})", "bad_frame"},
                        Case{R"({"type":"message","clientMsgId":"a","body":"ééééé"})", "too_long"}}) {
    const auto frame = parse_client_frame(c.text, 4);
    ASSERT_TRUE(std::holds_alternative<BadFrame>(frame)) << c.text;
    EXPECT_EQ(std::get<BadFrame>(frame).code, c.code) << c.text;
  }
  // Four characters of two bytes each are within a limit of four characters.
  EXPECT_TRUE(std::holds_alternative<SendMessage>(parse_client_frame(R"({"type":"message","clientMsgId":"a","body":"éééé"})", 4)));
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
  EXPECT_EQ(reply.at("from"), "agent");
  EXPECT_EQ(reply.at("author"), "Ana \"the\" agent");
  EXPECT_EQ(reply.at("body"), "<b>hi</b>");
  EXPECT_FALSE(reply.contains("clientMsgId"));  // only the visitor's own messages carry one
  m.direction = "inbound";
  m.author_kind = "customer";
  m.author_name.clear();
  const auto own = boost::json::parse(message_frame(m, "c-9")).as_object();
  EXPECT_EQ(own.at("from"), "visitor");
  EXPECT_EQ(own.at("clientMsgId"), "c-9");
  EXPECT_EQ(boost::json::parse(ack_frame("c-9", true, "TKT-1")).at("status"), "duplicate");
  EXPECT_EQ(boost::json::parse(error_frame("too_long", "x", "c-9")).at("clientMsgId"), "c-9");
}

}  // namespace
}  // namespace frontdesk::livechat
