// SPDX-License-Identifier: Apache-2.0
#include "address.hpp"

#include <gtest/gtest.h>

namespace frontdesk::email {
namespace {

TEST(Address, ParsesDisplayNameAndAngleAddress) {
  auto box = parse_mailbox("Ann Example <Ann@Example.COM>");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->address, "ann@example.com");
  EXPECT_EQ(box->display_name, "Ann Example");
}

TEST(Address, ParsesQuotedNameWithComma) {
  auto box = parse_mailbox(R"("Doe, Ann" <ann@example.com>, other@example.com)");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->address, "ann@example.com");
  EXPECT_EQ(box->display_name, "Doe, Ann");
}

TEST(Address, ParsesCommentName) {
  auto box = parse_mailbox("bbb@ddd.com (John X. Doe)");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->address, "bbb@ddd.com");
  EXPECT_EQ(box->display_name, "John X. Doe");
}

TEST(Address, RejectsTextWithoutAddress) {
  EXPECT_FALSE(parse_mailbox("foo"));
  EXPECT_FALSE(parse_mailbox(""));
  EXPECT_FALSE(parse_mailbox("Undisclosed recipients:;"));
}

TEST(Address, MessageIdsKeepOrderWithoutRepeats) {
  const auto ids = parse_message_ids("<a@x> (comment) <b@y>\r\n <a@x>");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "a@x");
  EXPECT_EQ(ids[1], "b@y");
  EXPECT_EQ(parse_message_ids("bare@id").at(0), "bare@id");
  EXPECT_TRUE(parse_message_ids("no id here").empty());
}

TEST(Address, EnvelopePaths) {
  EXPECT_EQ(parse_envelope_path("<Ann@Example.com>"), "ann@example.com");
  EXPECT_EQ(parse_envelope_path("<>"), "");
  EXPECT_EQ(parse_envelope_path("<@relay.example:ann@example.com>"), "ann@example.com");
  EXPECT_FALSE(parse_envelope_path("ann@example.com"));
  EXPECT_FALSE(parse_envelope_path("<ann@example.com> junk"));
  EXPECT_FALSE(parse_envelope_path("<not an address>"));
}

}  // namespace
}  // namespace frontdesk::email
