// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "storage/connection.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

class ResultTest : public ::testing::Test {
protected:
  // Fails the test with `expected` missing from the error, or when nothing is thrown.
  template <class Exception, class F>
  static void expect_error(F&& f, const std::string& expected) {
    try {
      f();
      ADD_FAILURE() << "nothing thrown; expected an error containing: " << expected;
    } catch (const Exception& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }

  testing::TestDatabase db_;
  Connection conn_ = Connection::connect(db_.conninfo());
};

TEST_F(ResultTest, ReadsEverySupportedType) {
  const Result r = conn_.exec(
      "SELECT 9007199254740993::bigint AS big, -7::int AS small, 1.5::float8 AS d, true AS yes, false AS no, "
      "'text'::text AS s, NULL::int AS nothing, 'Infinity'::float8 AS inf, 'NaN'::float8 AS nan, 12::smallint AS tiny");
  ASSERT_EQ(r.rows(), 1);
  ASSERT_EQ(r.columns(), 10);
  EXPECT_EQ(r.get<std::int64_t>(0, 0), 9007199254740993);
  EXPECT_EQ(r.get<std::int32_t>(0, "small"), -7);
  EXPECT_EQ(r.get<std::int64_t>(0, "small"), -7);
  EXPECT_EQ(r.get<double>(0, "d"), 1.5);
  EXPECT_TRUE(r.get<bool>(0, "yes"));
  EXPECT_FALSE(r.get<bool>(0, "no"));
  EXPECT_EQ(r.get<std::string>(0, "s"), "text");
  EXPECT_EQ(r.text(0, 5), "text");
  EXPECT_TRUE(r.is_null(0, 6));
  EXPECT_EQ(r.text(0, 6), "");
  EXPECT_EQ(r.get_optional<std::int32_t>(0, "nothing"), std::nullopt);
  EXPECT_EQ(r.get_optional<std::int32_t>(0, "small"), -7);
  EXPECT_EQ(r.get<double>(0, "inf"), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(r.get<double>(0, "nan")));
  EXPECT_EQ(r.get<std::int32_t>(0, "tiny"), 12);
  EXPECT_EQ(r.column_name(2), "d");
  EXPECT_EQ(r.column("yes"), 3);
}

TEST_F(ResultTest, ColumnNamesAreExact) {
  const Result r = conn_.exec("SELECT 1 AS \"MixedCase\", 2 AS lower");
  EXPECT_EQ(r.column("MixedCase"), 0);
  expect_error<std::out_of_range>([&] { (void)r.column("mixedcase"); }, "no column named 'mixedcase' (columns: MixedCase, lower)");
}

TEST_F(ResultTest, ExplainsTypeAndRangeMistakes) {
  const Result r = conn_.exec("SELECT NULL::int AS n, 3000000000::bigint AS big, 'abc'::text AS word, 1 AS one, 2.5 AS frac");
  expect_error<std::runtime_error>([&] { (void)r.get<std::int64_t>(0, "n"); }, "column 'n' is NULL");
  expect_error<std::runtime_error>([&] { (void)r.get<std::int32_t>(0, "big"); }, "value '3000000000' is not a valid int32");
  expect_error<std::runtime_error>([&] { (void)r.get<std::int64_t>(0, "word"); }, "value 'abc' is not a valid int64");
  expect_error<std::runtime_error>([&] { (void)r.get<double>(0, "word"); }, "not a valid double");
  expect_error<std::runtime_error>([&] { (void)r.get<bool>(0, "one"); }, "not a valid bool");
  expect_error<std::runtime_error>([&] { (void)r.get<std::int64_t>(0, "frac"); }, "value '2.5' is not a valid int64");
  expect_error<std::out_of_range>([&] { (void)r.get<std::string>(1, 0); }, "row index 1 out of range (result has 1 rows)");
  expect_error<std::out_of_range>([&] { (void)r.text(0, 5); }, "column index 5 out of range (result has 5 columns)");
  expect_error<std::out_of_range>([&] { (void)r.is_null(-1, 0); }, "row index -1 out of range");
}

TEST_F(ResultTest, ReportsAffectedRowsAndCommandTag) {
  conn_.exec("CREATE TABLE t (x int)");
  const Result inserted = conn_.exec("INSERT INTO t SELECT generate_series(1, $1::int)", 5);
  EXPECT_EQ(inserted.affected_rows(), 5);
  EXPECT_EQ(inserted.command_tag(), "INSERT 0 5");
  EXPECT_EQ(inserted.rows(), 0);
  EXPECT_TRUE(inserted.empty());
  EXPECT_EQ(conn_.exec("UPDATE t SET x = x + 1 WHERE x > $1", 2).affected_rows(), 3);
  EXPECT_EQ(conn_.exec("SELECT x FROM t ORDER BY x").rows(), 5);
}

TEST_F(ResultTest, MovesOwnership) {
  Result a = conn_.exec("SELECT 1");
  Result b = std::move(a);
  EXPECT_EQ(b.get<std::int32_t>(0, 0), 1);
  EXPECT_EQ(a.rows(), 0);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  a = std::move(b);
  EXPECT_EQ(a.get<std::int32_t>(0, 0), 1);
}

}  // namespace
}  // namespace frontdesk::storage
