// SPDX-License-Identifier: Apache-2.0
// The checks expanded from FD_INBOUND_MESSAGE_FIELDS: each field's limit, UTF-8 and rule.
#include "ingest/inbound_message.hpp"

#include <gtest/gtest.h>

namespace frontdesk::ingest {
namespace {

InboundMessage valid() {
  InboundMessage m;
  m.channel = "sms";
  m.external_id = "SM1";
  m.identity_kind = "phone";
  m.identity_value = "+15550001";
  m.body = "hi";
  return m;
}

std::string error_of(const InboundMessage& m) { return validate(m).value_or(""); }

TEST(Validate, AcceptsAPlainMessage) { EXPECT_EQ(error_of(valid()), ""); }

TEST(Validate, EachRuleOfTheFieldList) {
  auto m = valid();
  m.external_id.clear();
  EXPECT_EQ(error_of(m), "external id is missing");
  m = valid();
  m.identity_kind = "Phone";
  EXPECT_EQ(error_of(m), "identity kind 'Phone' is invalid");
  m = valid();
  m.category = "payments";
  EXPECT_NE(error_of(m).find("unknown category 'payments'"), std::string::npos);
  m = valid();
  m.priority = "asap";
  EXPECT_NE(error_of(m).find("unknown priority 'asap'"), std::string::npos);
  m = valid();
  m.metadata_json = "[]";
  EXPECT_EQ(error_of(m), "metadata json is not a JSON object");
  m = valid();
  m.body.clear();
  EXPECT_EQ(error_of(m), "message is empty");
}

TEST(Validate, LimitsAndEncodingComeFromPluginH) {
  auto m = valid();
  m.subject = std::string(FD_INBOUND_LINE_BYTES + 1, 'a');
  EXPECT_EQ(error_of(m), "subject is longer than 998 bytes");
  m = valid();
  m.body = "\xff";
  EXPECT_EQ(error_of(m), "body is not valid UTF-8");
  m = valid();
  m.thread_keys.assign(FD_INBOUND_MAX_THREAD_KEYS + 1, "k");
  EXPECT_EQ(error_of(m), "too many thread keys");
  m = valid();
  m.attachments = {Attachment{"a\xff", "text/plain", "\xff binary is fine", ""}};
  EXPECT_EQ(error_of(m), "attachment filename is not valid UTF-8");
  m.attachments[0].filename = "a.bin";
  EXPECT_EQ(error_of(m), "");
}

}  // namespace
}  // namespace frontdesk::ingest
