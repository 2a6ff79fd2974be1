// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "events/stream_signals.hpp"

namespace frontdesk::events {
namespace {

using realtime::Signal;

Audience staff(std::int64_t agent_id) {
  Audience a;
  a.staff = true;
  a.agent_id = agent_id;
  return a;
}

Audience customer(std::int64_t customer_id) {
  Audience a;
  a.customer_id = customer_id;
  return a;
}

Signal agent_typing(std::int64_t agent_id, std::int64_t customer_id) {
  Signal s;
  s.kind = Signal::Kind::typing;
  s.ticket_id = 12;
  s.ticket_number = "TKT-1-000012";
  s.customer_id = customer_id;
  s.channel = "livechat";
  s.from_agent = true;
  s.actor_id = agent_id;
  s.actor_name = "Ana";
  s.expires_in = realtime::kTypingLasts;
  return s;
}

TEST(StreamSignals, AgentsSendTypingAndViewingOnATicket) {
  const auto typing = parse_signal_request(R"({"type":"typing","ticketId":12})", staff(3));
  ASSERT_TRUE(std::holds_alternative<SignalRequest>(typing));
  EXPECT_EQ(std::get<SignalRequest>(typing).kind, Signal::Kind::typing);
  EXPECT_EQ(std::get<SignalRequest>(typing).ticket_id, 12);
  const auto viewing = parse_signal_request(R"({"type":"viewing","ticketId":5})", staff(3));
  ASSERT_TRUE(std::holds_alternative<SignalRequest>(viewing));
  EXPECT_EQ(std::get<SignalRequest>(viewing).kind, Signal::Kind::viewing);
}

TEST(StreamSignals, BadFramesAndCustomersAreRefused) {
  for (const char* text :
       {"{", "[]", R"({"type":"dancing","ticketId":1})", R"({"type":"typing"})",
        R"({"type":"typing","ticketId":"1"})", R"({"type":"typing","ticketId":0})"}) {
    const auto r = parse_signal_request(text, staff(3));
    ASSERT_TRUE(std::holds_alternative<FrameError>(r)) << text;
    EXPECT_EQ(std::get<FrameError>(r).code, "bad_frame") << text;
  }
  const auto r = parse_signal_request(R"({"type":"typing","ticketId":12})", customer(7));
  ASSERT_TRUE(std::holds_alternative<FrameError>(r));
  EXPECT_EQ(std::get<FrameError>(r).code, "forbidden");
}

TEST(StreamSignals, StaffSeeOthersSignalsButNotTheirOwn) {
  const auto frame = signal_frame(agent_typing(3, 7), staff(4));
  ASSERT_TRUE(frame);
  const auto json = boost::json::parse(*frame).as_object();
  EXPECT_EQ(json.at("type"), "typing");
  EXPECT_EQ(json.at("ticketId").to_number<std::int64_t>(), 12);
  EXPECT_EQ(json.at("ticketNumber"), "TKT-1-000012");
  EXPECT_EQ(json.at("who").at("kind"), "agent");
  EXPECT_EQ(json.at("who").at("name"), "Ana");
  EXPECT_EQ(json.at("expiresIn").to_number<std::int64_t>(), 6000);
  EXPECT_FALSE(signal_frame(agent_typing(3, 7), staff(3)));
}

TEST(StreamSignals, ACustomerSeesAgentsTypingOnTheirOwnTicketsOnly) {
  EXPECT_TRUE(signal_frame(agent_typing(3, 7), customer(7)));
  EXPECT_FALSE(signal_frame(agent_typing(3, 7), customer(8)));
  auto viewing = agent_typing(3, 7);
  viewing.kind = Signal::Kind::viewing;
  EXPECT_FALSE(signal_frame(viewing, customer(7)));
  auto own = agent_typing(7, 7);
  own.from_agent = false;
  EXPECT_FALSE(signal_frame(own, customer(7)));
  auto scoped = customer(7);
  scoped.ticket_scoped = true;
  EXPECT_FALSE(signal_frame(agent_typing(3, 7), scoped));
}

TEST(StreamSignals, ASignalCrossesBetweenDaemonsUnchanged) {
  const auto sent = agent_typing(3, 7);
  const auto got = realtime::decode(realtime::encode(sent));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->ticket_id, sent.ticket_id);
  EXPECT_EQ(got->ticket_number, sent.ticket_number);
  EXPECT_EQ(got->customer_id, sent.customer_id);
  EXPECT_EQ(got->channel, sent.channel);
  EXPECT_EQ(got->from_agent, sent.from_agent);
  EXPECT_EQ(got->actor_id, sent.actor_id);
  EXPECT_EQ(got->actor_name, sent.actor_name);
  EXPECT_EQ(got->expires_in, sent.expires_in);
  EXPECT_FALSE(realtime::decode("not json"));
  EXPECT_FALSE(realtime::decode(R"({"kind":"dancing"})"));
}

}  // namespace
}  // namespace frontdesk::events
