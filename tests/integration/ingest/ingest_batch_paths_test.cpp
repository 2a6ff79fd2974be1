// SPDX-License-Identifier: Apache-2.0
// fd_ingest_batch's two paths in one group (0021_ingest_common_path.sql): plain replies on
// open tickets are stored set-based, everything else message by message, and a group mixing
// them answers and records exactly what the per-message path alone would.
#include "ingest/message_json.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <string>

namespace frontdesk::ingest {
namespace {

namespace json = boost::json;

struct Answer {
  std::string status;
  std::int64_t ticket = 0;
  std::string ticket_status;
  std::int64_t message = 0;
};

class IngestBatchPathsTest : public ::testing::Test {
 protected:
  IngestBatchPathsTest() : db_(storage::Connection::connect(test_db_.conninfo())) { storage::migrate(db_, storage::builtin_migrations()); }

  // A WhatsApp text from `phone`: its thread key is its own, as the plugin sends it. The
  // stored form is the daemon's own (message_json), so these tests feed the function what
  // ingest feeds it.
  static json::object text(const std::string& phone, const std::string& wamid, const std::string& body) {
    InboundMessage m;
    m.channel = "whatsapp";
    m.external_id = wamid;
    m.identity_kind = "whatsapp";
    m.identity_value = phone;
    m.customer_name = "C" + phone;
    m.thread_keys = {"wa:" + phone};
    m.own_thread_key = "wa:" + phone;
    m.body = body;
    return message_json(m, 0, "");
  }

  std::map<int, Answer> ingest(json::array group) {
    for (std::size_t i = 0; i < group.size(); ++i) group[i].as_object()["i"] = static_cast<int>(i + 1);
    const auto rows = db_.exec(
        "SELECT idx, status, ticket_id, ticket_status, message_id FROM fd_ingest_batch($1::jsonb, now())",
        json::serialize(group));
    std::map<int, Answer> out;
    for (int r = 0; r < rows.rows(); ++r) {
      out[rows.get<std::int32_t>(r, 0)] = {rows.get<std::string>(r, 1), rows.get<std::int64_t>(r, 2),
                                           rows.get<std::string>(r, 3), rows.get<std::int64_t>(r, 4)};
    }
    return out;
  }

  std::string text_of(const std::string& sql) { return db_.exec(sql).get<std::string>(0, 0); }

  testing::TestDatabase test_db_;
  storage::Connection db_;
};

TEST_F(IngestBatchPathsTest, AMixedGroupAnswersAsMessageByMessage) {
  // A waits on the customer, B is resolved, C closed, E open; D is new.
  auto first = ingest({text("1001", "a0", "hi"), text("1002", "b0", "hi"), text("1003", "c0", "hi"),
                       text("1005", "e0", "hi")});
  ASSERT_EQ(first.size(), 4u);
  for (const auto& [i, a] : first) ASSERT_EQ(a.status, "created") << i;
  db_.exec("UPDATE tickets SET status = 'waiting_customer' WHERE id = $1", first[1].ticket);
  db_.exec("UPDATE tickets SET status = 'resolved', resolved_at = now() WHERE id = $1", first[2].ticket);
  db_.exec("UPDATE tickets SET status = 'closed' WHERE id = $1", first[3].ticket);
  const auto events_before = db_.exec("SELECT max(id) FROM audit_events").get<std::int64_t>(0, 0);

  auto with_file = text("1005", "e2", "photo");
  with_file["attachments"] = R"([{"filename":"a.txt","contentType":"text/plain","data":"aGk="}])";
  auto got = ingest({text("1001", "a1", "one"), text("1001", "a1", "one again"), text("1001", "a2", "two"),
                     text("1002", "b1", "back"), text("1003", "c1", "after close"), text("1004", "d1", "new"),
                     text("1005", "e1", "plain"), with_file});
  ASSERT_EQ(got.size(), 8u);

  // A: both replies on its ticket, which moves to in_progress once; the repeat is a duplicate.
  EXPECT_EQ(got[1].status, "appended");
  EXPECT_EQ(got[1].ticket, first[1].ticket);
  EXPECT_EQ(got[1].ticket_status, "in_progress");
  EXPECT_EQ(got[2].status, "duplicate");
  EXPECT_EQ(got[2].message, got[1].message);
  EXPECT_EQ(got[3].status, "appended");
  EXPECT_EQ(got[3].ticket_status, "in_progress");
  // B reopens; C's closed ticket gets a follow-up; D a first ticket.
  EXPECT_EQ(got[4].status, "appended");
  EXPECT_EQ(got[4].ticket_status, "reopened");
  EXPECT_EQ(got[5].status, "created");
  EXPECT_EQ(text_of("SELECT follow_up_of::text FROM tickets WHERE id = " + std::to_string(got[5].ticket)),
            std::to_string(first[3].ticket));
  EXPECT_EQ(got[6].status, "created");
  // E's attachment sends both its messages the long way; both still land on its ticket.
  EXPECT_EQ(got[7].ticket, first[4].ticket);
  EXPECT_EQ(got[8].ticket, first[4].ticket);
  EXPECT_EQ(text_of("SELECT count(*)::text FROM attachments"), "1");

  EXPECT_EQ(text_of("SELECT status || '/' || (resolved_at IS NULL)::text FROM tickets WHERE id = " +
                    std::to_string(first[2].ticket)),
            "reopened/true");
  // Each ticket's new events, in order, name their messages.
  const std::string events =
      "SELECT string_agg(e.event || coalesce(':' || (e.new_value #>> '{}'), '') || coalesce('@' || m.body, ''),"
      " ' ' ORDER BY e.id) FROM audit_events e LEFT JOIN messages m ON m.id = (e.data ->> 'messageId')::bigint"
      " WHERE e.id > " + std::to_string(events_before) + " AND e.ticket_id = ";
  EXPECT_EQ(text_of(events + std::to_string(first[1].ticket)),
            "message.received@one status.changed:in_progress message.received@two");
  EXPECT_EQ(text_of(events + std::to_string(first[2].ticket)), "message.received@back status.changed:reopened");
  EXPECT_EQ(text_of(events + std::to_string(first[4].ticket)), "message.received@plain message.received@photo");
  EXPECT_EQ(text_of("SELECT count(*)::text FROM messages"), "11");
  // Nothing of the group was left unanswered or stored twice.
  EXPECT_EQ(text_of("SELECT count(DISTINCT external_id)::text FROM messages"), "11");
}

TEST_F(IngestBatchPathsTest, ASendersLaterMessagesFollowTheirFollowUpTicket) {
  auto first = ingest({text("2001", "x0", "hi")});
  // The first reply opens a follow-up and points the thread at it; the second, a plain reply
  // by itself, must see that, so it goes the long way after the first.
  db_.exec("UPDATE tickets SET status = 'closed' WHERE id = $1", first[1].ticket);
  auto got = ingest({text("2001", "x1", "again"), text("2001", "x2", "and again")});
  EXPECT_EQ(got[1].status, "created");
  EXPECT_EQ(got[2].status, "appended");
  EXPECT_EQ(got[2].ticket, got[1].ticket);
  EXPECT_NE(got[1].ticket, first[1].ticket);
}

}  // namespace
}  // namespace frontdesk::ingest
