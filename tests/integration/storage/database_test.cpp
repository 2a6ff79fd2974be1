// SPDX-License-Identifier: Apache-2.0
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

namespace asio = boost::asio;
constexpr auto kDeadline = std::chrono::seconds(30);

// Runs the coroutine on `io` until it finishes, rethrowing what it threw.
void run_coroutine(asio::io_context& io, asio::awaitable<void> coroutine) {
  std::exception_ptr failure;
  bool finished = false;
  asio::co_spawn(io, std::move(coroutine), [&](std::exception_ptr e) {
    failure = e;
    finished = true;
  });
  io.run();
  ASSERT_TRUE(finished);
  if (failure) std::rethrow_exception(failure);
}

class DatabaseTest : public ::testing::Test {
protected:
  testing::TestDatabase test_db_;
  Database db_{test_db_.conninfo(), 2};
};

TEST_F(DatabaseTest, AsyncRunWithUseAwaitableResumesOnTheCallersExecutor) {
  asio::io_context io;
  const auto io_thread = std::this_thread::get_id();
  std::thread::id worker;
  std::int64_t answer = 0;
  bool void_ran = false;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    answer = co_await db_.async_run(
        [&](Connection& c) {
          worker = std::this_thread::get_id();
          return c.exec("SELECT $1::bigint + 1", 41).get<std::int64_t>(0, 0);
        },
        asio::use_awaitable);
    EXPECT_EQ(std::this_thread::get_id(), io_thread);
    co_await db_.async_run([&](Connection& c) { void_ran = c.exec("CREATE TABLE t (x int)").rows() == 0; },
                           asio::use_awaitable);
  }());
  EXPECT_EQ(answer, 42);
  EXPECT_NE(worker, io_thread);
  EXPECT_TRUE(void_ran);
}

TEST_F(DatabaseTest, ExceptionsReachTheAwaiterWithTheirType) {
  asio::io_context io;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    try {
      co_await db_.async_run([](Connection& c) { return c.exec("SELECT 1/0").rows(); }, asio::use_awaitable);
      ADD_FAILURE() << "expected PgError";
    } catch (const PgError& e) {
      EXPECT_EQ(e.sqlstate, "22012");
    }
    try {
      co_await db_.async_run([](Connection&) { throw std::logic_error("from the worker"); }, asio::use_awaitable);
      ADD_FAILURE() << "expected logic_error";
    } catch (const std::logic_error& e) {
      EXPECT_STREQ(e.what(), "from the worker");
    }
  }());
}

TEST_F(DatabaseTest, AsyncRunWithACallback) {
  std::promise<std::pair<std::exception_ptr, std::string>> done;
  db_.async_run([](Connection& c) { return c.exec("SELECT 'héllo'").get<std::string>(0, 0); },
                [&](std::exception_ptr e, std::string value) { done.set_value({e, std::move(value)}); });
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(kDeadline), std::future_status::ready);
  const auto [error, value] = future.get();
  EXPECT_FALSE(error);
  EXPECT_EQ(value, "héllo");

  std::promise<std::exception_ptr> failed;
  db_.async_run([](Connection& c) { c.exec("SELEC"); }, [&](std::exception_ptr e) { failed.set_value(e); });
  auto failed_future = failed.get_future();
  ASSERT_EQ(failed_future.wait_for(kDeadline), std::future_status::ready);
  const std::exception_ptr failure = failed_future.get();
  ASSERT_TRUE(failure);
  EXPECT_THROW(std::rethrow_exception(failure), PgError);
}

TEST_F(DatabaseTest, CallbackBoundToAnExecutorRunsThere) {
  asio::io_context io;
  std::thread::id completed_on;
  int value = 0;
  db_.async_run([](Connection& c) { return c.exec("SELECT 7").get<std::int32_t>(0, 0); },
                asio::bind_executor(io, [&](std::exception_ptr, std::int32_t v) {
                  completed_on = std::this_thread::get_id();
                  value = v;
                }));
  io.run();  // returns only once the completion ran: the pending operation keeps io busy
  EXPECT_EQ(value, 7);
  EXPECT_EQ(completed_on, std::this_thread::get_id());
}

TEST_F(DatabaseTest, RunSyncUsesTheCallingThread) {
  const auto me = std::this_thread::get_id();
  const auto n = db_.run_sync([&](Connection& c) {
    EXPECT_EQ(std::this_thread::get_id(), me);
    return c.exec("SELECT 5").get<std::int32_t>(0, 0);
  });
  EXPECT_EQ(n, 5);
  db_.run_sync([](Connection& c) { c.exec("CREATE TABLE t (x int)"); });
  EXPECT_THROW(db_.run_sync([](Connection& c) { return c.exec("SELECT * FROM missing").rows(); }), PgError);
}

TEST_F(DatabaseTest, ABrokenConnectionIsResetOnNextUse) {
  Database single(test_db_.conninfo(), 1);
  const auto first_pid = single.run_sync([](Connection& c) { return c.exec("SELECT pg_backend_pid()").get<std::int32_t>(0, 0); });
  EXPECT_THROW(single.run_sync([](Connection& c) { c.exec("SELECT pg_terminate_backend(pg_backend_pid())"); }), PgError);
  const auto second_pid = single.run_sync([](Connection& c) { return c.exec("SELECT pg_backend_pid()").get<std::int32_t>(0, 0); });
  EXPECT_NE(first_pid, second_pid);
  EXPECT_TRUE(single.ping());
}

TEST_F(DatabaseTest, AnOpenTransactionIsRolledBackWhenTheLeaseEnds) {
  Database single(test_db_.conninfo(), 1);
  single.run_sync([](Connection& c) {
    c.exec("CREATE TABLE t (x int)");
    c.exec("BEGIN");
    c.exec("INSERT INTO t VALUES (1)");
  });
  single.run_sync([](Connection& c) {
    EXPECT_EQ(c.transaction_status(), TransactionStatus::idle);
    EXPECT_EQ(c.exec("SELECT count(*) FROM t").get<std::int64_t>(0, 0), 0);
  });
}

TEST_F(DatabaseTest, PingReportsReachability) {
  EXPECT_TRUE(db_.ping());
  Database nowhere("host=/nonexistent/frontdesk dbname=x user=u password=s3cret", 1);
  EXPECT_FALSE(nowhere.ping());
  EXPECT_THROW(nowhere.run_sync([](Connection& c) { return c.ok(); }), PgError);
  EXPECT_EQ(nowhere.conninfo(), "host=/nonexistent/frontdesk dbname=x user=u password=s3cret");
}

TEST_F(DatabaseTest, StopRunsQueuedWorkThenRefusesMore) {
  std::atomic<int> ran{0};
  for (int i = 0; i < 8; ++i) {
    db_.async_run([&](Connection& c) { ran += c.exec("SELECT 1").get<std::int32_t>(0, 0); }, [](std::exception_ptr) {});
  }
  db_.stop();
  EXPECT_EQ(ran.load(), 8);

  asio::io_context io;
  std::exception_ptr refused;
  db_.async_run([](Connection&) {}, asio::bind_executor(io, [&](std::exception_ptr e) { refused = e; }));
  io.run();
  ASSERT_TRUE(refused);
  EXPECT_THROW(std::rethrow_exception(refused), PgError);
  EXPECT_THROW(db_.run_sync([](Connection&) {}), PgError);
  db_.stop();  // idempotent
}

TEST(DatabaseConstruction, RejectsAnEmptyPool) { EXPECT_THROW(Database("host=/tmp", 0), std::invalid_argument); }

}  // namespace
}  // namespace frontdesk::storage
