// SPDX-License-Identifier: Apache-2.0
#include <cstdint>
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

// A schema of migrations alone.
Schema only(const std::vector<Migration>& migrations) { return {migrations, {}, {}}; }

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
  EXPECT_EQ(migrate(conn_, only(kBoth)), (std::vector<int>{1, 2}));
  EXPECT_EQ(schema_version(conn_), 2);
  EXPECT_EQ(migrate(conn_, only(kBoth)), std::vector<int>{});
  EXPECT_EQ(applied_rows(), 2);
  EXPECT_EQ(conn_.exec("SELECT count(*) FROM gadgets").get<std::int64_t>(0, 0), 2);
  const Result recorded = conn_.exec("SELECT name, checksum, applied_at IS NOT NULL FROM schema_migrations WHERE version = 1");
  EXPECT_EQ(recorded.get<std::string>(0, 0), "widgets");
  EXPECT_EQ(recorded.get<std::string>(0, 1), sha256_hex(kWidgets.sql));
  EXPECT_TRUE(recorded.get<bool>(0, 2));
}

TEST_F(MigrationsTest, AppliesOnlyWhatIsPendingInVersionOrder) {
  EXPECT_EQ(migrate(conn_, only({kWidgets})), std::vector<int>{1});
  EXPECT_EQ(migrate(conn_, only({kGadgets, kWidgets})), std::vector<int>{2});
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
        applied[i] = migrate(own, only(kBoth));
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
  migrate(conn_, only(kBoth));
  const Migration edited{1, "widgets", "CREATE TABLE widgets (id bigint PRIMARY KEY)"};
  expect_error([&] { migrate(conn_, only({edited, kGadgets})); }, "migration 0001_widgets",
               "changed after it was applied");
}

TEST_F(MigrationsTest, ADatabaseNewerThanTheBinaryIsRefused) {
  migrate(conn_, only(kBoth));
  expect_error([&] { migrate(conn_, only({kWidgets})); }, "0002_gadgets", "newer");
}

TEST_F(MigrationsTest, AFailingMigrationRollsBackAndIsNamed) {
  migrate(conn_, only(kBoth));
  const Migration broken{3, "broken", "CREATE TABLE half_done (id int);\nSELEC oops;"};
  try {
    migrate(conn_, only({kWidgets, kGadgets, broken}));
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "42601");
    EXPECT_NE(std::string(e.what()).find("migration 0003_broken failed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(conn_), 2);
  EXPECT_TRUE(conn_.exec("SELECT to_regclass('half_done') IS NULL").get<bool>(0, 0));
  // The advisory lock was released: another session can migrate right away.
  Connection other = Connection::connect(db_.conninfo());
  EXPECT_EQ(migrate(other, only(kBoth)), std::vector<int>{});
}

TEST_F(MigrationsTest, RejectsDuplicateOrInvalidVersions) {
  EXPECT_THROW(migrate(conn_, only({kWidgets, {1, "again", "SELECT 1"}})), std::invalid_argument);
  EXPECT_THROW(migrate(conn_, only({{0, "zero", "SELECT 1"}})), std::invalid_argument);
}

TEST_F(MigrationsTest, TheBuiltinSchemaAppliesToAFreshDatabase) {
  const Schema builtin = builtin_schema();
  ASSERT_FALSE(builtin.migrations.empty());
  const MigrationReport first = migrate_with_report(conn_, builtin);
  EXPECT_EQ(first.applied.size(), builtin.migrations.size());
  EXPECT_FALSE(first.baseline_recorded);
  EXPECT_EQ(first.definitions.size(), builtin.definitions.size());
  const MigrationReport again = migrate_with_report(conn_, builtin);
  EXPECT_EQ(again.applied, std::vector<int>{});
  EXPECT_EQ(again.definitions, std::vector<std::string>{});
  EXPECT_EQ(schema_version(conn_), builtin.migrations.back().version);
}

// A baseline (version 2) that replaced migrations 1 and 2 of an earlier release. Run on a
// database that has the widgets table, it would fail: it must not run there.
const Migration kBaseline{2, "baseline", "CREATE TABLE widgets (id int PRIMARY KEY);\nCREATE TABLE gadgets (id int);"};
const Migration kAfter{3, "sprockets", "CREATE TABLE sprockets (id int)"};

class SquashedMigrationsTest : public MigrationsTest {
protected:
  // Built here: the checksums are those the earlier release recorded.
  Schema squashed_schema() {
    checksums_ = {sha256_hex(kWidgets.sql), sha256_hex(kGadgets.sql)};
    squashed_ = {{1, "widgets", checksums_[0]}, {2, "gadgets", checksums_[1]}};
    return {migrations_, {}, squashed_};
  }

  std::string recorded() {
    return conn_.exec("SELECT string_agg(version || ':' || name, ' ' ORDER BY version) FROM schema_migrations")
        .get<std::string>(0, 0);
  }

  std::vector<Migration> migrations_{kBaseline, kAfter};
  std::vector<std::string> checksums_;
  std::vector<SquashedMigration> squashed_;
};

TEST_F(SquashedMigrationsTest, ADatabaseOfTheEarlierReleaseIsRecordedAtTheBaselineWithoutRunningIt) {
  migrate(conn_, only(kBoth));
  const MigrationReport report = migrate_with_report(conn_, squashed_schema());
  EXPECT_TRUE(report.baseline_recorded);
  EXPECT_EQ(report.applied, std::vector<int>{3});
  EXPECT_EQ(recorded(), "2:baseline 3:sprockets");
  EXPECT_EQ(conn_.exec("SELECT checksum FROM schema_migrations WHERE version = 2").get<std::string>(0, 0),
            sha256_hex(kBaseline.sql));
  EXPECT_EQ(conn_.exec("SELECT count(*) FROM gadgets").get<std::int64_t>(0, 0), 2);  // data kept
  const MigrationReport again = migrate_with_report(conn_, squashed_schema());
  EXPECT_FALSE(again.baseline_recorded);
  EXPECT_EQ(again.applied, std::vector<int>{});
}

// A migration written after the earlier release's last one (as 0024_ticket_scoped_tokens
// after 0023) is not squashed: the earlier release's database, recorded at the baseline, runs
// it on its rows, and a fresh database runs it after the baseline.
TEST_F(SquashedMigrationsTest, AMigrationAfterTheBaselineConvertsTheEarlierReleasesRows) {
  migrations_ = {kBaseline, {3, "scoped_gadgets",
                             "ALTER TABLE gadgets ADD COLUMN scoped boolean NOT NULL DEFAULT false;\n"
                             "UPDATE gadgets SET scoped = true WHERE id = 1;"}};
  migrate(conn_, only(kBoth));
  const MigrationReport report = migrate_with_report(conn_, squashed_schema());
  EXPECT_TRUE(report.baseline_recorded);
  EXPECT_EQ(report.applied, std::vector<int>{3});
  EXPECT_EQ(recorded(), "2:baseline 3:scoped_gadgets");
  EXPECT_EQ(conn_.exec("SELECT string_agg(id || ':' || scoped, ' ' ORDER BY id) FROM gadgets").get<std::string>(0, 0),
            "1:true 2:false");

  testing::TestDatabase fresh_db;
  Connection fresh = Connection::connect(fresh_db.conninfo());
  EXPECT_EQ(migrate(fresh, squashed_schema()), (std::vector<int>{2, 3}));
}

TEST_F(SquashedMigrationsTest, AFreshDatabaseRunsTheBaseline) {
  const MigrationReport report = migrate_with_report(conn_, squashed_schema());
  EXPECT_FALSE(report.baseline_recorded);
  EXPECT_EQ(report.applied, (std::vector<int>{2, 3}));
  EXPECT_EQ(recorded(), "2:baseline 3:sprockets");
}

TEST_F(SquashedMigrationsTest, ADatabaseWithSomeOfTheSquashedMigrationsIsSentToTheEarlierRelease) {
  migrate(conn_, only({kWidgets}));
  expect_error([&] { migrate(conn_, squashed_schema()); }, "at migration 0001_widgets of an earlier release",
               "Upgrade it with the last release before 0002_baseline first");
  EXPECT_EQ(recorded(), "1:widgets");  // untouched
}

TEST_F(SquashedMigrationsTest, ASquashedMigrationAppliedWithAnotherTextIsRefused) {
  migrate(conn_, only({kWidgets, {2, "gadgets", "CREATE TABLE gadgets (id bigint)"}}));
  expect_error([&] { migrate(conn_, squashed_schema()); }, "migration 0002_gadgets", "with a text no release had");
  EXPECT_EQ(recorded(), "1:widgets 2:gadgets");
}

TEST_F(SquashedMigrationsTest, TheBaselineMustBeThere) {
  migrations_ = {kAfter};
  EXPECT_THROW(migrate(conn_, squashed_schema()), std::invalid_argument);
}

}  // namespace
}  // namespace frontdesk::storage
