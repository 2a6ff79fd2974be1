// SPDX-License-Identifier: Apache-2.0
// The outbox worker against a real PostgreSQL: delivery outcomes, backoff, dead letters,
// opt-outs, lease recovery, LISTEN/NOTIFY wake-ups and several workers sharing the table.
#include "core/clock.hpp"
#include "outbox/outbox_store.hpp"
#include "outbox/outbox_worker.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

namespace frontdesk::outbox {
namespace {

using namespace std::chrono_literals;
using plugin_host::DeliveryResult;
using plugin_host::Outbound;

// A channel stand-in that answers with scripted outcomes and records what it was given.
class ScriptedChannel {
 public:
  void script(std::vector<DeliveryResult> outcomes) {
    std::lock_guard lock(mutex_);
    outcomes_ = std::move(outcomes);
  }

  void operator()(const std::string& channel, const Outbound& m,
                  const std::function<void(const DeliveryResult&)>& done) {
    DeliveryResult r{FD_DELIVERY_SENT, "prov-" + std::to_string(m.outbox_id), ""};
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({channel, m});
      ++per_row_[m.outbox_id];
      if (!outcomes_.empty()) {
        r = outcomes_.front();
        outcomes_.erase(outcomes_.begin());
      }
    }
    // Completes from another thread, as a real plugin would.
    std::thread([done, r] { done(r); }).detach();
  }

  std::vector<std::pair<std::string, Outbound>> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::map<std::int64_t, int> per_row() {
    std::lock_guard lock(mutex_);
    return per_row_;
  }

 private:
  std::mutex mutex_;
  std::vector<DeliveryResult> outcomes_;
  std::vector<std::pair<std::string, Outbound>> calls_;
  std::map<std::int64_t, int> per_row_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  OutboxWorkerTest() : db_(test_db_.conninfo(), 6), clock_(std::chrono::system_clock::now() + 1min) {
    db_.run_sync([](storage::Connection& c) { storage::migrate(c, storage::builtin_migrations()); });
    options_.workers = 2;
    options_.batch_size = 8;
    options_.max_attempts = 3;
    options_.backoff_base = 1s;
    options_.backoff_max = 10s;
    options_.lease = 30s;
    options_.poll_interval = 1h;  // only NOTIFY or run_once wakes the workers in these tests
    options_.channels = {"whatsapp", "sms"};
  }
  ~OutboxWorkerTest() override { db_.stop(); }

  DeliverFn deliver() {
    return [this](const std::string& channel, const Outbound& m,
                  std::function<void(const DeliveryResult&)> done) { channel_(channel, m, done); };
  }

  // An outbound message queued on a fresh ticket; returns the outbox id.
  std::int64_t queue(const std::string& channel = "whatsapp", const std::string& to = "15551234567") {
    return db_.run_sync([&](storage::Connection& c) {
      const auto ids = c.exec(R"SQL(
        WITH cu AS (INSERT INTO customers (name) VALUES ('Ann') RETURNING id),
        t AS (INSERT INTO tickets (number, customer_id, channel, subject, description)
              SELECT 'TKT-1-' || nextval('ticket_number_seq'), id, $1, 's', 'd' FROM cu RETURNING id),
        m AS (INSERT INTO messages (ticket_id, direction, author_kind, channel, body, delivery_status)
              SELECT id, 'outbound', 'agent', $1, 'hello', 'queued' FROM t RETURNING id, ticket_id)
        INSERT INTO outbox (message_id, ticket_id, channel, to_kind, to_value, body)
        SELECT id, ticket_id, $1, 'phone', $2, 'hello' FROM m RETURNING id)SQL",
                              channel, to);
      return ids.get<std::int64_t>(0, 0);
    });
  }

  std::string text(const std::string& sql) {
    return db_.run_sync([&](storage::Connection& c) { return c.exec(sql).get<std::string>(0, 0); });
  }
  std::string row_status(std::int64_t id) {
    return text("SELECT status FROM outbox WHERE id = " + std::to_string(id));
  }
  std::string message_field(std::int64_t id, const std::string& field) {
    return text("SELECT coalesce(m." + field + ", '') FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.id = " +
                std::to_string(id));
  }

  template <class Pred>
  static bool eventually(Pred pred, std::chrono::seconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::yield();
    }
    return pred();
  }

  testing::TestDatabase test_db_;
  storage::Database db_;
  core::ManualClock clock_;
  OutboxOptions options_;
  ScriptedChannel channel_;
};

TEST_F(OutboxWorkerTest, SentRowsRecordTheProviderIdOnTheMessage) {
  const auto id = queue();
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 1U);
  EXPECT_EQ(row_status(id), "sent");
  EXPECT_EQ(text("SELECT provider_id FROM outbox WHERE id = " + std::to_string(id)), "prov-" + std::to_string(id));
  EXPECT_EQ(message_field(id, "external_id"), "prov-" + std::to_string(id));
  EXPECT_EQ(message_field(id, "delivery_status"), "sent");
  const auto calls = channel_.calls();
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].first, "whatsapp");
  EXPECT_EQ(calls[0].second.to_value, "15551234567");
  EXPECT_EQ(calls[0].second.attempt, 1U);
  EXPECT_EQ(calls[0].second.ticket_number.rfind("TKT-1-", 0), 0U);
  EXPECT_EQ(worker.run_once("w1"), 0U) << "a sent row is never claimed again";
}

TEST_F(OutboxWorkerTest, TransientFailuresComeBackAfterTheBackoff) {
  const auto id = queue();
  channel_.script({{FD_DELIVERY_TRANSIENT, "", "HTTP 500 from provider"}});
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 1U);
  EXPECT_EQ(row_status(id), "pending");
  EXPECT_EQ(text("SELECT last_error FROM outbox WHERE id = " + std::to_string(id)), "HTTP 500 from provider");
  // First retry waits between base/2 and base after the failure.
  const auto wait_ms = std::stod(text("SELECT extract(epoch FROM next_attempt_at - updated_at) * 1000 FROM outbox WHERE id = " +
                                      std::to_string(id)));
  EXPECT_GE(wait_ms, 500.0);
  EXPECT_LE(wait_ms, 1000.0);
  EXPECT_EQ(worker.run_once("w1"), 0U) << "not due yet";
  clock_.advance(1s);
  EXPECT_EQ(worker.run_once("w1"), 1U);
  EXPECT_EQ(row_status(id), "sent");
  const auto calls = channel_.calls();
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[1].second.attempt, 2U);
  EXPECT_EQ(message_field(id, "delivery_status"), "sent");
}

TEST_F(OutboxWorkerTest, PermanentFailuresStopAndMarkTheMessageFailed) {
  const auto id = queue();
  channel_.script({{FD_DELIVERY_PERMANENT, "", "recipient is not a WhatsApp user"}});
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 1U);
  EXPECT_EQ(row_status(id), "failed");
  EXPECT_EQ(message_field(id, "delivery_status"), "failed");
  EXPECT_EQ(message_field(id, "delivery_error"), "recipient is not a WhatsApp user");
  EXPECT_EQ(text("SELECT data->>'error' FROM audit_events WHERE event = 'message.delivery'"),
            "recipient is not a WhatsApp user");
  clock_.advance(1h);
  EXPECT_EQ(worker.run_once("w1"), 0U);
  EXPECT_EQ(channel_.calls().size(), 1U);
}

TEST_F(OutboxWorkerTest, DeadLettersAfterMaxAttempts) {
  const auto id = queue();
  const DeliveryResult fail{FD_DELIVERY_TRANSIENT, "", "connection refused"};
  channel_.script({fail, fail, fail, fail});
  OutboxWorker worker(db_, clock_, options_, deliver());
  for (int attempt = 1; attempt <= 3; ++attempt) {
    EXPECT_EQ(worker.run_once("w1"), 1U) << "attempt " << attempt;
    clock_.advance(20s);
  }
  EXPECT_EQ(row_status(id), "dead");
  EXPECT_EQ(text("SELECT attempts::text FROM outbox WHERE id = " + std::to_string(id)), "3");
  EXPECT_EQ(message_field(id, "delivery_status"), "failed");
  EXPECT_EQ(message_field(id, "delivery_error"), "gave up after 3 attempts: connection refused");
  EXPECT_EQ(text("SELECT data->>'deadLetter' FROM audit_events WHERE event = 'message.delivery'"), "true");
  EXPECT_EQ(worker.run_once("w1"), 0U);
  EXPECT_EQ(channel_.calls().size(), 3U);
}

TEST_F(OutboxWorkerTest, OptedOutRecipientsAreNeverHandedToThePlugin) {
  db_.run_sync([](storage::Connection& c) {
    c.exec("INSERT INTO channel_opt_outs (channel, identity_value, keyword) VALUES ('sms', '+15550001111', 'STOP')");
  });
  const auto blocked = queue("sms", "+15550001111");
  const auto other = queue("sms", "+15550002222");
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 2U);
  EXPECT_EQ(row_status(blocked), "failed");
  EXPECT_EQ(message_field(blocked, "delivery_error"), "not sent: the recipient opted out of sms (STOP)");
  EXPECT_EQ(row_status(other), "sent");
  const auto calls = channel_.calls();
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].second.to_value, "+15550002222");
}

TEST_F(OutboxWorkerTest, AnExpiredLeaseIsRetriedByAnotherWorker) {
  const auto id = queue();
  // A daemon claims the row and dies before recording anything.
  const auto claimed = db_.run_sync(
      [&](storage::Connection& c) { return claim_due(c, "dead-daemon/0", 10, clock_.now(), options_.channels); });
  ASSERT_EQ(claimed.size(), 1U);
  EXPECT_EQ(row_status(id), "sending");
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 0U) << "the lease still holds";
  clock_.advance(31s);
  EXPECT_EQ(worker.run_once("w1"), 1U);
  EXPECT_EQ(row_status(id), "sent");
  const auto calls = channel_.calls();
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].second.attempt, 2U) << "the lost attempt counts";
}

TEST_F(OutboxWorkerTest, RowsOfChannelsThisDaemonDoesNotRunAreLeftAlone) {
  const auto email = queue("email", "ann@example.com");
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 0U);
  EXPECT_EQ(row_status(email), "pending");
  EXPECT_TRUE(channel_.calls().empty());
}

TEST_F(OutboxWorkerTest, LastInboundTimeOfTheCustomerIsPassedToTheChannel) {
  const auto id = queue();
  db_.run_sync([&](storage::Connection& c) {
    c.exec(R"SQL(INSERT INTO messages (ticket_id, direction, author_kind, channel, body, created_at)
                 SELECT ticket_id, 'inbound', 'customer', 'whatsapp', 'hi', to_timestamp(1790000000)
                 FROM outbox WHERE id = $1)SQL",
           id);
  });
  OutboxWorker worker(db_, clock_, options_, deliver());
  EXPECT_EQ(worker.run_once("w1"), 1U);
  const auto calls = channel_.calls();
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].second.last_inbound_at_ms, 1790000000000LL);
}

TEST_F(OutboxWorkerTest, NotifyWakesAnIdleWorker) {
  OutboxWorker worker(db_, clock_, options_, deliver());
  worker.start();
  const auto first = queue();
  ASSERT_TRUE(eventually([&] { return row_status(first) == "sent"; }));
  // The worker is idle now with an hour to its next poll: only the NOTIFY can wake it.
  const auto second = queue();
  EXPECT_TRUE(eventually([&] { return row_status(second) == "sent"; }));
  worker.stop();
}

TEST_F(OutboxWorkerTest, SeveralDaemonsNeverSendARowTwice) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 200; ++i) ids.push_back(queue());
  OutboxOptions a = options_;
  a.worker_id = "daemon-a";
  OutboxOptions b = options_;
  b.worker_id = "daemon-b";
  OutboxWorker first(db_, clock_, a, deliver());
  OutboxWorker second(db_, clock_, b, deliver());
  first.start();
  second.start();
  ASSERT_TRUE(eventually([&] {
    return text("SELECT count(*)::text FROM outbox WHERE status = 'sent'") == "200";
  }, 60s));
  first.stop();
  second.stop();
  const auto per_row = channel_.per_row();
  EXPECT_EQ(per_row.size(), 200U);
  for (const auto& [id, n] : per_row) EXPECT_EQ(n, 1) << "row " << id;
}

}  // namespace
}  // namespace frontdesk::outbox
