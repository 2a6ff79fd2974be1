// SPDX-License-Identifier: Apache-2.0
// storage::Listener against a real PostgreSQL: a NOTIFY wakes a waiter, a timeout returns,
// stop() and interrupt() end a wait at once (also while the server does not answer), and the
// listener reconnects after the server drops its connection or restarts.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "storage/connection.hpp"
#include "storage/embedded_cluster.hpp"
#include "storage/listener.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

using namespace std::chrono_literals;
using Wake = Listener::Wake;
using Steady = std::chrono::steady_clock;

// Waits (in slices, up to `limit`) until the listener reports its connection.
::testing::AssertionResult connects(Listener& listener, std::chrono::seconds limit = 30s) {
  const auto deadline = Steady::now() + limit;
  while (Steady::now() < deadline) {
    const auto waited = listener.wait(1s);
    if (waited.wake == Wake::connected) return ::testing::AssertionSuccess();
    if (waited.wake == Wake::stopped) return ::testing::AssertionFailure() << "stopped";
  }
  return ::testing::AssertionFailure() << "no connection within " << limit.count() << " s";
}

// Waits (in slices, up to `limit`) for a notification, skipping reconnections.
Listener::Waited next_notification(Listener& listener, std::chrono::seconds limit = 30s) {
  const auto deadline = Steady::now() + limit;
  while (Steady::now() < deadline) {
    auto waited = listener.wait(1s);
    if (waited.wake == Wake::notified || waited.wake == Wake::stopped) return waited;
  }
  return {};
}

class ListenerTest : public ::testing::Test {
 protected:
  void notify(const std::string& channel, const std::string& payload = "") {
    sender_.exec("SELECT pg_notify($1, $2)", channel, payload);
  }

  testing::TestDatabase db_;
  Connection sender_ = Connection::connect(db_.conninfo());
  Listener::Options fast_{.name = "listener-test", .retry_delay = 20ms, .connect_timeout = 10s};
};

TEST_F(ListenerTest, ANotifyWakesTheWaiterWithItsChannelAndPayload) {
  Listener listener(db_.conninfo(), {"fd_test", "Mixed Case"}, fast_);
  ASSERT_TRUE(connects(listener));
  EXPECT_TRUE(listener.listening());

  auto pending = std::async(std::launch::async, [&] { return listener.wait(1h); });
  notify("Mixed Case", "hello");
  ASSERT_EQ(pending.wait_for(30s), std::future_status::ready);
  const auto waited = pending.get();
  ASSERT_EQ(waited.wake, Wake::notified);
  ASSERT_EQ(waited.notifications.size(), 1U);
  EXPECT_EQ(waited.notifications[0].channel, "Mixed Case");
  EXPECT_EQ(waited.notifications[0].payload, "hello");
  EXPECT_TRUE(waited.on("Mixed Case"));
  EXPECT_FALSE(waited.on("fd_test"));
  EXPECT_TRUE(waited.work_may_be_waiting());
}

TEST_F(ListenerTest, NotificationsThatCameBetweenWaitsReturnAtOnceAndOtherChannelsAreNotHeard) {
  Listener listener(db_.conninfo(), {"fd_a", "fd_b"}, fast_);
  ASSERT_TRUE(connects(listener));
  notify("fd_other");
  notify("fd_a", "1");
  notify("fd_b", "2");
  Listener::Waited all;
  const auto deadline = Steady::now() + 30s;
  while (all.notifications.size() < 2 && Steady::now() < deadline) {
    auto waited = listener.wait(1s);
    all.notifications.insert(all.notifications.end(), waited.notifications.begin(), waited.notifications.end());
  }
  ASSERT_EQ(all.notifications.size(), 2U);
  EXPECT_EQ(all.notifications[0].channel, "fd_a");
  EXPECT_EQ(all.notifications[1].channel, "fd_b");
  EXPECT_EQ(listener.wait(0ms).wake, Wake::timeout);
}

// The schema's wake-up triggers (fd_outbox, fd_rules) are statement triggers, which fire for
// an INSERT of no rows too: they must stay quiet then (the webhook dispatcher runs such an
// INSERT on every new event, and each wake costs every listener a query).
TEST_F(ListenerTest, TheSchemasWakeUpsComeOnlyForInsertedRows) {
  migrate(sender_, builtin_schema());
  Listener listener(db_.conninfo(), {"fd_outbox", "fd_rules", "fd_test"}, fast_);
  ASSERT_TRUE(connects(listener));
  sender_.exec("INSERT INTO outbox (channel, to_kind, to_value, body) SELECT 'email', 'email', 'a@x.org', 'b' WHERE false");
  sender_.exec("INSERT INTO audit_events (event, actor_kind) SELECT 'ticket.created', 'system' WHERE false");
  notify("fd_test");
  // Notifications arrive in commit order: had an empty INSERT notified, it would come first.
  auto waited = next_notification(listener);
  ASSERT_EQ(waited.wake, Wake::notified);
  EXPECT_TRUE(waited.on("fd_test"));
  EXPECT_FALSE(waited.on("fd_outbox"));
  EXPECT_FALSE(waited.on("fd_rules"));
  // The positive control: rows inserted, both wake.
  sender_.exec("INSERT INTO outbox (channel, to_kind, to_value, body) VALUES ('email', 'email', 'a@x.org', 'b')");
  sender_.exec("INSERT INTO audit_events (event, actor_kind) VALUES ('ticket.created', 'system')");
  bool outbox = false, rules = false;
  while (!(outbox && rules)) {
    waited = next_notification(listener);
    ASSERT_EQ(waited.wake, Wake::notified);
    outbox = outbox || waited.on("fd_outbox");
    rules = rules || waited.on("fd_rules");
  }
}

TEST_F(ListenerTest, ATimeoutReturnsAfterTheTimeout) {
  Listener listener(db_.conninfo(), {"fd_test"}, fast_);
  ASSERT_TRUE(connects(listener));
  const auto start = Steady::now();
  const auto waited = listener.wait(150ms);
  const auto took = Steady::now() - start;
  EXPECT_EQ(waited.wake, Wake::timeout);
  EXPECT_TRUE(waited.notifications.empty());
  EXPECT_FALSE(waited.work_may_be_waiting());
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 10s);
  EXPECT_EQ(listener.wait(0ms).wake, Wake::timeout);
}

TEST_F(ListenerTest, StopEndsAWaitInProgressAtOnceAndEveryLaterOne) {
  Listener listener(db_.conninfo(), {"fd_test"}, fast_);
  ASSERT_TRUE(connects(listener));
  std::atomic<bool> waiting{false};
  auto pending = std::async(std::launch::async, [&] {
    waiting = true;
    return listener.wait(1h);
  });
  while (!waiting) std::this_thread::yield();
  const auto start = Steady::now();
  listener.stop();
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(pending.get().wake, Wake::stopped);
  EXPECT_LT(Steady::now() - start, 5s);
  EXPECT_TRUE(listener.stopped());
  EXPECT_EQ(listener.wait(1h).wake, Wake::stopped);
  EXPECT_FALSE(listener.pause(1h));
  listener.stop();  // idempotent
}

TEST_F(ListenerTest, InterruptEndsOneWaitAndPauseKeepsItAndTheNotificationsForTheNext) {
  Listener listener(db_.conninfo(), {"fd_test"}, fast_);
  ASSERT_TRUE(connects(listener));
  listener.interrupt();
  listener.interrupt();
  EXPECT_EQ(listener.wait(1h).wake, Wake::interrupted);
  EXPECT_EQ(listener.wait(0ms).wake, Wake::timeout);  // two calls, one wake-up

  notify("fd_test");
  listener.interrupt();
  EXPECT_TRUE(listener.pause(50ms));  // neither ends the pause
  EXPECT_EQ(listener.wait(1h).wake, Wake::interrupted);
  EXPECT_EQ(next_notification(listener).wake, Wake::notified);
}

TEST_F(ListenerTest, ReconnectsAfterTheServerDropsTheConnection) {
  Listener listener(db_.conninfo(), {"fd_test"}, fast_);
  ASSERT_TRUE(connects(listener));
  const int pid = listener.backend_pid();
  ASSERT_GT(pid, 0);
  sender_.exec("SELECT pg_terminate_backend($1)", pid);
  ASSERT_TRUE(connects(listener));  // the loss is noticed, and the reconnection reported
  EXPECT_NE(listener.backend_pid(), pid);
  notify("fd_test", "after");
  const auto waited = next_notification(listener);
  ASSERT_EQ(waited.wake, Wake::notified);
  EXPECT_EQ(waited.notifications.at(0).payload, "after");
}

TEST(ListenerUnreachable, AWaitWithoutAServerTimesOutAndStopsAtOnce) {
  Listener listener("host=/nonexistent/frontdesk port=1 dbname=x user=u", {"fd_test"},
                    {.name = "listener-test", .retry_delay = 10ms});
  EXPECT_EQ(listener.wait(100ms).wake, Wake::timeout);
  EXPECT_FALSE(listener.listening());
  auto pending = std::async(std::launch::async, [&] { return listener.wait(1h); });
  listener.stop();
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(pending.get().wake, Wake::stopped);
}

// A peer that accepts TCP connections (the kernel completes the handshake) and never
// answers: libpq waits for the server's reply to its start-up packet.
class SilentServer {
 public:
  SilentServer() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("silent server: socket setup failed");
    }
    port_ = ntohs(addr.sin_port);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  ~SilentServer() { ::close(fd_); }
  [[nodiscard]] std::string conninfo() const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=x user=u sslmode=disable gssencmode=disable";
  }

 private:
  int fd_;
  int port_ = 0;
};

TEST(ListenerUnreachable, StopIsPromptWhileTheServerDoesNotAnswerAndAnAttemptTimesOut) {
  const SilentServer silent;
  Listener listener(silent.conninfo(), {"fd_test"}, {.name = "listener-test", .connect_timeout = 200ms});
  // The attempt hangs in the start-up exchange; the wait still ends on time, and the attempt
  // is abandoned after connect_timeout (the next one starts after retry_delay).
  const auto start = Steady::now();
  EXPECT_EQ(listener.wait(400ms).wake, Wake::timeout);
  EXPECT_LT(Steady::now() - start, 10s);
  EXPECT_FALSE(listener.listening());

  std::atomic<bool> waiting{false};
  auto pending = std::async(std::launch::async, [&] {
    waiting = true;
    return listener.wait(1h);
  });
  while (!waiting) std::this_thread::yield();
  listener.stop();
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(pending.get().wake, Wake::stopped);
}

// A fresh state_dir under /tmp that the server's account can reach (as embedded_cluster_test).
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fd-listen-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                            std::filesystem::perms::others_exec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(ListenerRestart, ListensAgainAfterTheServerRestarts) {
  const TempDir state;
  EmbeddedCluster cluster(state.path());
  cluster.start();
  Listener listener(cluster.conninfo(), {"fd_test"}, {.name = "listener-test", .retry_delay = 20ms});
  ASSERT_TRUE(connects(listener, 60s));

  cluster.stop();
  // Down: waits time out (the caller polls meanwhile), nothing is thrown.
  const auto down_until = Steady::now() + 30s;
  while (listener.listening() && Steady::now() < down_until) (void)listener.wait(100ms);
  EXPECT_FALSE(listener.listening());
  EXPECT_EQ(listener.wait(50ms).wake, Wake::timeout);

  cluster.start();
  ASSERT_TRUE(connects(listener, 60s));
  Connection sender = Connection::connect(cluster.conninfo());
  sender.exec("NOTIFY fd_test, 'back'");
  const auto waited = next_notification(listener);
  ASSERT_EQ(waited.wake, Wake::notified);
  EXPECT_EQ(waited.notifications.at(0).payload, "back");
}

}  // namespace
}  // namespace frontdesk::storage
