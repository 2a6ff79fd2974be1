// SPDX-License-Identifier: Apache-2.0
// The keys fd_ingest_batch reads are a contract with the SQL: exactly these, no more, no less.
#include "ingest/message_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace frontdesk::ingest {
namespace {

InboundMessage sample() {
  InboundMessage m;
  m.channel = "email";
  m.external_id = "<1@x>";
  m.identity_kind = "email";
  m.identity_value = "ann@example.com";
  m.customer_name = "Ann";
  m.customer_language = "de-CH";
  m.language = "de";
  m.thread_keys = {"<0@x>"};
  m.subject = "Help";
  m.body = "Hello";
  m.attachments = {Attachment{"a.txt", "text/plain", "hi", ""}};
  return m;
}

TEST(MessageJson, HasExactlyTheKeysFdIngestBatchReads) {
  const auto json = message_json(sample(), 3, "");
  std::set<std::string> keys;
  for (const auto& item : json) keys.insert(std::string(item.key()));
  const std::set<std::string> expected = {
      "i",          "channel", "external_id",    "identity_kind", "identity_value", "customer_name",
      "language",   "ticket_ref", "thread_keys", "own_thread_key", "subject",       "body",
      "category",   "priority", "metadata",      "attachments",   "new_ticket",     "token_hash"};
  EXPECT_EQ(keys, expected);
}

TEST(MessageJson, ValuesKeepTheirStoredShapes) {
  auto m = sample();
  m.flags = FD_INBOUND_NEW_TICKET;
  const auto json = message_json(m, 3, "fdc_secret");
  EXPECT_EQ(json.at("i").to_number<int>(), 3);
  EXPECT_EQ(json.at("language").as_string(), "de") << "the host's finding, not the channel's hint";
  EXPECT_EQ(json.at("thread_keys").as_array().size(), 1U);
  EXPECT_EQ(json.at("metadata").as_string(), "{}");  // text, "{}" when empty
  EXPECT_TRUE(json.at("new_ticket").as_bool());
  EXPECT_TRUE(json.at("token_hash").is_string());
  // Attachments travel as a JSON array with camelCase keys and base64 data (fd_ingest_batch
  // reads it into a text column, which holds the array's JSON text).
  EXPECT_EQ(boost::json::serialize(json.at("attachments")),
            R"([{"filename":"a.txt","contentType":"text/plain","data":"aGk=","contentId":""}])");
  EXPECT_TRUE(message_json(sample(), 1, "").at("token_hash").is_null());
  EXPECT_TRUE(message_json(InboundMessage{}, 1, "").at("attachments").as_array().empty());
}

}  // namespace
}  // namespace frontdesk::ingest
