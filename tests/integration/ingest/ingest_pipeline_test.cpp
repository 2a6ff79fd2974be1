// SPDX-License-Identifier: Apache-2.0
// The ingest pipeline against a real PostgreSQL: idempotency, customer resolution,
// threading, group commit, isolation of a bad message, tokens and attachments.
#include "core/clock.hpp"
#include "core/ticket_number.hpp"
#include "ingest/pipeline.hpp"
#include "security/tokens.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace frontdesk::ingest {
namespace {

using namespace std::chrono_literals;

class IngestPipelineTest : public ::testing::Test {
 protected:
  IngestPipelineTest()
      : db_(test_db_.conninfo(), 4),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1790000000))),
        work_(io_.get_executor()),
        io_thread_([this] { io_.run(); }),
        pipeline_(db_, clock_, io_.get_executor()) {
    db_.run_sync([](storage::Connection& c) { storage::migrate(c, storage::builtin_migrations()); });
  }

  ~IngestPipelineTest() override {
    pipeline_.wait_idle();
    work_.reset();
    io_thread_.join();
    db_.stop();
  }

  IngestResult submit(InboundMessage m) {
    std::promise<IngestResult> promise;
    auto future = promise.get_future();
    pipeline_.submit(std::move(m), [&promise](const IngestResult& r) { promise.set_value(r); });
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return future.get();
  }

  std::int64_t count(const std::string& sql) {
    return db_.run_sync([&](storage::Connection& c) { return c.exec(sql).get<std::int64_t>(0, 0); });
  }

  static InboundMessage email(std::string external_id, std::string from = "ann@example.com") {
    InboundMessage m;
    m.channel = "email";
    m.external_id = std::move(external_id);
    m.identity_kind = "email";
    m.identity_value = std::move(from);
    m.customer_name = "Ann";
    m.subject = "Cannot pay";
    m.body = "My card was charged twice.";
    return m;
  }

  testing::TestDatabase test_db_;
  storage::Database db_;
  core::ManualClock clock_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread io_thread_;
  IngestPipeline pipeline_;
};

TEST_F(IngestPipelineTest, SameExternalIdTwiceStoresOneMessage) {
  const auto first = submit(email("<a1@example.com>"));
  ASSERT_EQ(first.status, IngestStatus::created) << first.error;
  const auto second = submit(email("<a1@example.com>"));
  EXPECT_EQ(second.status, IngestStatus::duplicate);
  EXPECT_EQ(second.ticket_id, first.ticket_id);
  EXPECT_EQ(second.message_id, first.message_id);
  EXPECT_EQ(second.ticket_number, first.ticket_number);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM tickets"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events"), 1);
}

TEST_F(IngestPipelineTest, ConcurrentDuplicatesStoreOnce) {
  constexpr int kCopies = 40;
  std::vector<std::promise<IngestResult>> promises(kCopies);
  for (auto& p : promises) {
    pipeline_.submit(email("<same@example.com>"), [&p](const IngestResult& r) { p.set_value(r); });
  }
  int created = 0;
  int duplicates = 0;
  for (auto& p : promises) {
    const auto r = p.get_future().get();
    created += r.status == IngestStatus::created;
    duplicates += r.status == IngestStatus::duplicate;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(duplicates, kCopies - 1);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 1);
}

TEST_F(IngestPipelineTest, ConcurrentMessagesShareTransactions) {
  constexpr int kMessages = 600;
  std::vector<std::promise<IngestResult>> promises(kMessages);
  for (int i = 0; i < kMessages; ++i) {
    auto m = email("<m" + std::to_string(i) + "@example.com>",
                   "c" + std::to_string(i % 50) + "@example.com");
    pipeline_.submit(std::move(m), [&p = promises[i]](const IngestResult& r) { p.set_value(r); });
  }
  for (auto& p : promises) EXPECT_EQ(p.get_future().get().status, IngestStatus::created);
  EXPECT_EQ(count("SELECT count(*) FROM tickets"), kMessages);
  EXPECT_EQ(count("SELECT count(*) FROM customers"), 50);
  EXPECT_EQ(count("SELECT count(DISTINCT number) FROM tickets"), kMessages);
  // Group commit: far fewer transactions than messages.
  EXPECT_LT(pipeline_.stats().batches, static_cast<std::uint64_t>(kMessages / 4));
}

// One group holds several messages of a new sender: the first opens the ticket, the rest
// find it by their thread key, in the order they arrived.
TEST_F(IngestPipelineTest, AGroupKeepsEachSendersMessagesInOrder) {
  constexpr int kSenders = 5;
  constexpr int kEach = 8;
  std::vector<std::promise<IngestResult>> promises(kSenders * kEach);
  for (int n = 0; n < kEach; ++n) {
    for (int s = 0; s < kSenders; ++s) {
      InboundMessage m;
      m.channel = "whatsapp";
      m.external_id = "wamid." + std::to_string(s) + "." + std::to_string(n);
      m.identity_kind = "whatsapp";
      m.identity_value = "1555000000" + std::to_string(s);
      m.thread_keys = {"wa:" + m.identity_value};
      m.own_thread_key = m.thread_keys.front();
      m.body = "message " + std::to_string(n);
      pipeline_.submit(std::move(m), [&p = promises[s * kEach + n]](const IngestResult& r) { p.set_value(r); });
    }
  }
  for (int s = 0; s < kSenders; ++s) {
    std::int64_t last_message = 0;
    std::int64_t ticket = 0;
    for (int n = 0; n < kEach; ++n) {
      const auto r = promises[s * kEach + n].get_future().get();
      ASSERT_EQ(r.status, n == 0 ? IngestStatus::created : IngestStatus::appended) << s << "/" << n << r.error;
      if (n == 0) ticket = r.ticket_id;
      EXPECT_EQ(r.ticket_id, ticket);
      EXPECT_GT(r.message_id, last_message);
      last_message = r.message_id;
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM tickets"), kSenders);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), kSenders * kEach);
  // Each ticket's events: created, then one message.received per later message, in order.
  EXPECT_EQ(count("SELECT count(*) FROM audit_events e WHERE e.event = 'ticket.created' AND EXISTS ("
                  "SELECT 1 FROM audit_events x WHERE x.ticket_id = e.ticket_id AND x.id < e.id)"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'message.received'"), kSenders * (kEach - 1));
  EXPECT_EQ(count("SELECT count(*) FROM audit_events e JOIN messages m ON m.id = (e.data ->> 'messageId')::bigint "
                  "WHERE m.body <> 'message ' || (SELECT count(*) FROM audit_events x "
                  "WHERE x.ticket_id = e.ticket_id AND x.id < e.id)"),
            0);
}

TEST_F(IngestPipelineTest, CustomerIsResolvedByIdentity) {
  ASSERT_EQ(submit(email("<c1@x>")).status, IngestStatus::created);
  ASSERT_EQ(submit(email("<c2@x>")).status, IngestStatus::created);
  ASSERT_EQ(submit(email("<c3@x>", "bob@example.com")).status, IngestStatus::created);
  EXPECT_EQ(count("SELECT count(*) FROM customers"), 2);
  EXPECT_EQ(count("SELECT count(DISTINCT customer_id) FROM tickets"), 2);
}

TEST_F(IngestPipelineTest, RepliesThreadByKeyAndByTicketNumber) {
  auto first = email("<t1@x>");
  first.own_thread_key = "<t1@x>";
  const auto created = submit(first);
  ASSERT_EQ(created.status, IngestStatus::created);

  auto by_key = email("<t2@x>");
  by_key.thread_keys = {"<unknown@x>", "<t1@x>"};
  const auto appended = submit(by_key);
  EXPECT_EQ(appended.status, IngestStatus::appended);
  EXPECT_EQ(appended.ticket_id, created.ticket_id);

  auto by_number = email("<t3@x>");
  by_number.ticket_ref = created.ticket_number;
  EXPECT_EQ(submit(by_number).ticket_id, created.ticket_id);

  // A stranger naming the ticket number gets a ticket of their own.
  auto stranger = email("<t4@x>", "mallory@example.com");
  stranger.ticket_ref = created.ticket_number;
  const auto other = submit(stranger);
  EXPECT_EQ(other.status, IngestStatus::created);
  EXPECT_NE(other.ticket_id, created.ticket_id);
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE ticket_id = " +
                  std::to_string(created.ticket_id)),
            3);
}

TEST_F(IngestPipelineTest, CustomerReplyReopensResolvedTicket) {
  const auto created = submit(email("<r1@x>"));
  db_.run_sync([&](storage::Connection& c) {
    c.exec("UPDATE tickets SET status = 'resolved', resolved_at = now() WHERE id = $1",
           created.ticket_id);
  });
  auto reply = email("<r2@x>");
  reply.ticket_ref = created.ticket_number;
  EXPECT_EQ(submit(reply).status, IngestStatus::appended);
  EXPECT_EQ(count("SELECT count(*) FROM tickets WHERE status = 'reopened' AND resolved_at IS NULL"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'status.changed' "
                  "AND old_value = '\"resolved\"' AND new_value = '\"reopened\"'"),
            1);
}

TEST_F(IngestPipelineTest, ReplyToClosedTicketOpensFollowUp) {
  const auto created = submit(email("<f1@x>"));
  db_.run_sync([&](storage::Connection& c) {
    c.exec("UPDATE tickets SET status = 'closed' WHERE id = $1", created.ticket_id);
  });
  auto reply = email("<f2@x>");
  reply.ticket_ref = created.ticket_number;
  const auto follow_up = submit(reply);
  EXPECT_EQ(follow_up.status, IngestStatus::created);
  EXPECT_EQ(count("SELECT follow_up_of FROM tickets WHERE id = " +
                  std::to_string(follow_up.ticket_id)),
            created.ticket_id);
}

TEST_F(IngestPipelineTest, InvalidMessageIsRejectedWithoutStoring) {
  auto bad = email("<bad@x>");
  bad.body = "broken \xC3\x28 text";
  const auto r = submit(bad);
  EXPECT_EQ(r.status, IngestStatus::rejected);
  EXPECT_NE(r.error.find("UTF-8"), std::string::npos) << r.error;

  auto bad_category = email("<bad2@x>");
  bad_category.category = "weather";
  EXPECT_EQ(submit(bad_category).status, IngestStatus::rejected);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM inbound_receipts"), 0);
}

TEST_F(IngestPipelineTest, OneBadMessageDoesNotFailItsBatch) {
  // Passes validation but violates a database constraint (identities are at most 320).
  auto poisoned = email("<p0@x>", std::string(400, 'a') + "@example.com");
  std::vector<std::promise<IngestResult>> promises(11);
  pipeline_.submit(poisoned, [&p = promises[0]](const IngestResult& r) { p.set_value(r); });
  for (int i = 1; i < 11; ++i) {
    pipeline_.submit(email("<p" + std::to_string(i) + "@x>"),
                     [&p = promises[i]](const IngestResult& r) { p.set_value(r); });
  }
  const auto bad = promises[0].get_future().get();
  EXPECT_EQ(bad.status, IngestStatus::rejected);
  for (int i = 1; i < 11; ++i) EXPECT_EQ(promises[i].get_future().get().status, IngestStatus::created);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 10);
}

TEST_F(IngestPipelineTest, NewTicketGetsCustomerTokenStoredHashed) {
  auto m = email("<tok@x>");
  m.flags |= FD_INBOUND_ISSUE_CUSTOMER_TOKEN;
  const auto r = submit(m);
  ASSERT_EQ(r.status, IngestStatus::created);
  ASSERT_TRUE(r.customer_token.starts_with("fdc_")) << r.customer_token;
  const auto digest = security::to_bytea_hex(security::token_digest(r.customer_token));
  const auto rows = db_.run_sync([&](storage::Connection& c) {
    return c.exec("SELECT count(*) FROM api_tokens t JOIN tickets k ON k.customer_id = t.customer_id "
                  "WHERE t.token_hash = $1::bytea AND t.role = 'customer' AND k.id = $2",
                  digest, r.ticket_id)
        .get<std::int64_t>(0, 0);
  });
  EXPECT_EQ(rows, 1);
  // A duplicate never hands out a token.
  EXPECT_TRUE(submit(m).customer_token.empty());
}

TEST_F(IngestPipelineTest, TicketNumberFollowsTheFormatAndTheClock) {
  const auto r = submit(email("<n1@x>"));
  const auto parsed = core::parse_ticket_number(r.ticket_number);
  ASSERT_TRUE(parsed) << r.ticket_number;
  EXPECT_EQ(parsed->unix_seconds, 1790000000);
}

TEST_F(IngestPipelineTest, AttachmentsAreStoredWithSizeAndDigest) {
  auto m = email("<att@x>");
  const std::string bytes("\x89PNG\r\n\x1a\n\0\x01\x02", 11);
  m.attachments.push_back({"screen shot.png", "image/png", bytes, ""});
  const auto r = submit(m);
  ASSERT_EQ(r.status, IngestStatus::created) << r.error;
  const auto row = db_.run_sync([&](storage::Connection& c) {
    auto res = c.exec("SELECT filename, size, encode(content, 'hex'), encode(sha256, 'hex') "
                      "FROM attachments WHERE message_id = $1",
                      r.message_id);
    return std::make_tuple(res.get<std::string>(0, 0), res.get<std::int64_t>(0, 1),
                           res.get<std::string>(0, 2));
  });
  EXPECT_EQ(std::get<0>(row), "screen shot.png");
  EXPECT_EQ(std::get<1>(row), 11);
  EXPECT_EQ(std::get<2>(row), "89504e470d0a1a0a000102");
}

TEST_F(IngestPipelineTest, AttachmentsAreTypedByTheirBytesUnderSafeNames) {
  auto m = email("<sniffed@x>");
  const std::string html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
  m.attachments.push_back({"../../etc/evil\x01.png", "image/png", html, ""});
  m.attachments.push_back({"", "image/png", "%PDF-1.4 inline", "part1@x"});  // no name: keeps none
  const auto r = submit(m);
  ASSERT_EQ(r.status, IngestStatus::created) << r.error;
  const auto rows = db_.run_sync([&](storage::Connection& c) {
    auto res = c.exec("SELECT string_agg(filename || '|' || content_type, ',' ORDER BY id) FROM attachments "
                      "WHERE message_id = $1",
                      r.message_id);
    return res.get<std::string>(0, 0);
  });
  EXPECT_EQ(rows, "evil.png|text/html,|application/pdf");
}

}  // namespace
}  // namespace frontdesk::ingest
