#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

// CREATE TABLE without IF NOT EXISTS: applying either twice would fail loudly.
const Migration kWidgets{1, "widgets", "CREATE TABLE widgets (id int PRIMARY KEY)"};
const Migration kGadgets{2, "gadgets", "CREATE TABLE gadgets (id int);\nINSERT INTO gadgets VALUES (1), (2);"};
const std::vector<Migration> kBoth{kWidgets, kGadgets};

class MigrationsTest : public ::testing::Test {
protected:
  std::int64_t applied_rows() {
    return conn_.exec("SELECT count(*) FROM schema_migrations").get<std::int64_t>(0, 0);
  }

  template <class F>
  static void expect_error(F&& f, const std::string& part1, const std::string& part2) {
    try {
      f();
      ADD_FAILURE() << "nothing thrown";
    } catch (const std::exception& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(part1), std::string::npos) << message;
      EXPECT_NE(message.find(part2), std::string::npos) << message;
    }
  }

  testing::TestDatabase db_;
  Connection conn_ = Connection::connect(db_.conninfo());
};

TEST_F(MigrationsTest, AFreshDatabaseIsAtVersionZero) { EXPECT_EQ(schema_version(conn_), 0); }

TEST_F(MigrationsTest, AppliesOnceAndIsIdempotent) {
  EXPECT_EQ(migrate(conn_, kBoth), (std::vector<int>{1, 2}));
  EXPECT_EQ(schema_version(conn_), 2);
  EXPECT_EQ(migrate(conn_, kBoth), std::vector<int>{});
  EXPECT_EQ(applied_rows(), 2);
  EXPECT_EQ(conn_.exec("SELECT count(*) FROM gadgets").get<std::int64_t>(0, 0), 2);
  const Result recorded = conn_.exec("SELECT name, checksum, applied_at IS NOT NULL FROM schema_migrations WHERE version = 1");
  EXPECT_EQ(recorded.get<std::string>(0, 0), "widgets");
  EXPECT_EQ(recorded.get<std::string>(0, 1), sha256_hex(kWidgets.sql));
  EXPECT_TRUE(recorded.get<bool>(0, 2));
}

TEST_F(MigrationsTest, AppliesOnlyWhatIsPendingInVersionOrder) {
  EXPECT_EQ(migrate(conn_, std::vector<Migration>{kWidgets}), std::vector<int>{1});
  EXPECT_EQ(migrate(conn_, std::vector<Migration>{kGadgets, kWidgets}), std::vector<int>{2});
  EXPECT_EQ(schema_version(conn_), 2);
}

TEST_F(MigrationsTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  constexpr int kThreads = 4;
  std::latch start(kThreads);
  std::vector<std::vector<int>> applied(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        Connection own = Connection::connect(db_.conninfo());
        start.arrive_and_wait();
        applied[i] = migrate(own, kBoth);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::size_t total = 0;
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(errors[i], "");
    total += applied[i].size();
  }
  EXPECT_EQ(total, 2u);
  EXPECT_EQ(applied_rows(), 2);
}

TEST_F(MigrationsTest, AnEditedMigrationIsNamedAndRefused) {
  migrate(conn_, kBoth);
  const Migration edited{1, "widgets", "CREATE TABLE widgets (id bigint PRIMARY KEY)"};
  expect_error([&] { migrate(conn_, std::vector<Migration>{edited, kGadgets}); }, "migration 0001_widgets",
               "changed after it was applied");
}

TEST_F(MigrationsTest, ADatabaseNewerThanTheBinaryIsRefused) {
  migrate(conn_, kBoth);
  expect_error([&] { migrate(conn_, std::vector<Migration>{kWidgets}); }, "0002_gadgets", "newer");
}

TEST_F(MigrationsTest, AFailingMigrationRollsBackAndIsNamed) {
  migrate(conn_, kBoth);
  const Migration broken{3, "broken", "CREATE TABLE half_done (id int);\nSELEC oops;"};
  try {
    migrate(conn_, std::vector<Migration>{kWidgets, kGadgets, broken});
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "42601");
    EXPECT_NE(std::string(e.what()).find("migration 0003_broken failed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(conn_), 2);
  EXPECT_TRUE(conn_.exec("SELECT to_regclass('half_done') IS NULL").get<bool>(0, 0));
  // The advisory lock was released: another session can migrate right away.
  Connection other = Connection::connect(db_.conninfo());
  EXPECT_EQ(migrate(other, kBoth), std::vector<int>{});
}

TEST_F(MigrationsTest, RejectsDuplicateOrInvalidVersions) {
  EXPECT_THROW(migrate(conn_, std::vector<Migration>{kWidgets, {1, "again", "SELECT 1"}}), std::invalid_argument);
  EXPECT_THROW(migrate(conn_, std::vector<Migration>{{0, "zero", "SELECT 1"}}), std::invalid_argument);
}

TEST_F(MigrationsTest, TheBuiltinMigrationsApplyToAFreshDatabase) {
  const auto builtin = builtin_migrations();
  EXPECT_EQ(migrate(conn_, builtin).size(), builtin.size());
  EXPECT_EQ(migrate(conn_, builtin), std::vector<int>{});
  EXPECT_EQ(schema_version(conn_), builtin.empty() ? 0 : builtin.back().version);
}

}  // namespace
}  // namespace frontdesk::storage
