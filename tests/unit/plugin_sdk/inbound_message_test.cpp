// SPDX-License-Identifier: Apache-2.0
// sdk::InboundMessage and its conversions, all expanded from FD_INBOUND_MESSAGE_FIELDS.
#include <frontdesk/testing.hpp>

#include <gtest/gtest.h>

#include <cstddef>

namespace {

using frontdesk::sdk::Attachment;
using frontdesk::sdk::InboundMessage;
using frontdesk::sdk::detail::InboundView;

InboundMessage full_message() {
  InboundMessage m;
  m.external_id = "<1@x>";
  m.identity_kind = "email";
  m.identity_value = "ann@example.com";
  m.customer_name = "Ann";
  m.customer_language = "de";
  m.ticket_ref = "TKT-1-000001";
  m.thread_keys = {"<0@x>", "<00@x>"};
  m.own_thread_key = "<1@x>";
  m.subject = "Help";
  m.body = "Hello";
  m.category = "billing";
  m.priority = "high";
  m.attachments = {Attachment{"a.txt", "text/plain", std::string("\0hi", 3), "cid1"}};
  m.metadata_json = R"({"tags":["x"]})";
  m.flags = FD_INBOUND_NEW_TICKET;
  return m;
}

TEST(InboundMessage, RoundTripsThroughTheCStructUnchanged) {
  const InboundMessage m = full_message();
  const InboundView view(m);
  EXPECT_EQ(view.raw().struct_size, sizeof(fd_inbound_message));
  EXPECT_EQ(InboundMessage::from(view.raw()), m);
}

TEST(InboundMessage, FieldsPastAnOlderStructSizeStayEmpty) {
  const InboundMessage m = full_message();
  const InboundView view(m);
  fd_inbound_message older = view.raw();
  older.struct_size = offsetof(fd_inbound_message, attachments);  // a peer from before attachments
  const InboundMessage read = InboundMessage::from(older);
  EXPECT_EQ(read.priority, "high");
  EXPECT_TRUE(read.attachments.empty());
  EXPECT_EQ(read.metadata_json, "");
  EXPECT_EQ(read.flags, 0U);
}

TEST(OutboundMessage, TheViewReadsWhatTheOwningCopyHolds) {
  frontdesk::sdk::Outbound m;
  m.outbox_id = 3;
  m.to_kind = "phone";
  m.body = "Hi";
  m.attempt = 2;
  m.last_inbound_at_ms = 1790000000000;
  fd_outbound_message raw = frontdesk::sdk::detail::outbound_view(m);
  const frontdesk::sdk::OutboundMessage view(raw);
  EXPECT_EQ(view.outbox_id(), 3);
  EXPECT_EQ(view.to_kind(), "phone");
  EXPECT_EQ(view.body(), "Hi");
  EXPECT_EQ(view.attempt(), 2U);
  EXPECT_EQ(view.last_inbound_at_ms(), 1790000000000);
  raw.struct_size = offsetof(fd_outbound_message, last_inbound_at_ms);  // a host from before it
  EXPECT_EQ(frontdesk::sdk::OutboundMessage(raw).last_inbound_at_ms(), 0);
}

TEST(FakeHost, RecordsSubmittedMessagesAndLetsTheTestAnswer) {
  frontdesk::sdk::testing::FakeHost fake;
  frontdesk::sdk::Host host(fake.api(), fake.handle());
  frontdesk::sdk::InboundResult got;
  host.submit(full_message(), [&](const frontdesk::sdk::InboundResult& r) { got = r; });
  ASSERT_EQ(fake.submits.size(), 1U);
  EXPECT_EQ(static_cast<const InboundMessage&>(fake.submits[0]), full_message());
  fake.answer(0, frontdesk::sdk::testing::FakeHost::result(FD_INGEST_CREATED, "TKT-1-000007"));
  EXPECT_EQ(got.status, FD_INGEST_CREATED);
  EXPECT_EQ(got.ticket_number, "TKT-1-000007");
  fake.answer(0, frontdesk::sdk::testing::FakeHost::result(FD_INGEST_FAILED));  // a second answer is ignored, as the ABI allows one
  EXPECT_EQ(got.status, FD_INGEST_CREATED);
}

}  // namespace
