// SPDX-License-Identifier: Apache-2.0
#include <libpq-fe.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "storage/connection.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

// The same settings as a postgresql:// URL, every keyword as a percent-encoded query parameter.
std::string as_url(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) throw std::runtime_error(error ? error : "PQconninfoParse failed");
  std::string url = "postgresql://";
  char separator = '?';
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    url += separator + std::string(o->keyword) + "=";
    for (const unsigned char c : std::string_view(o->val)) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        url += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        url += hex;
      }
    }
    separator = '&';
  }
  PQconninfoFree(options);
  return url;
}

class ConnectionTest : public ::testing::Test {
protected:
  testing::TestDatabase db_;
  Connection conn_ = Connection::connect(db_.conninfo());
};

TEST_F(ConnectionTest, AcceptsKeyValueAndUrlConninfo) {
  EXPECT_TRUE(conn_.ok());
  EXPECT_EQ(conn_.exec("SELECT current_database()").get<std::string>(0, 0), db_.name());
  Connection url = Connection::connect(as_url(db_.conninfo()));
  EXPECT_EQ(url.exec("SELECT current_database()").get<std::string>(0, 0), db_.name());
}

TEST(ConnectionConnect, FailureIsTransientPgErrorWithoutThePassword) {
  try {
    (void)Connection::connect("host=/nonexistent/frontdesk port=1 dbname=x user=u password=s3cret");
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.sqlstate, "08001");
    EXPECT_TRUE(e.is_transient());
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    EXPECT_NE(message.find("password=***"), std::string::npos) << message;
    EXPECT_NE(message.find("/nonexistent/frontdesk"), std::string::npos) << message;
  }
}

TEST_F(ConnectionTest, BindsParametersNeverSplicingThem) {
  conn_.exec("CREATE TABLE people (id bigint PRIMARY KEY, name text, score double precision, vip boolean, note text)");
  const std::string hostile = "O'Brien'); DROP TABLE people; --";
  const std::string unicode = "Zoë 日本語 🙂 \\ \"quoted\"";
  const std::optional<std::string> no_note;
  conn_.exec("INSERT INTO people VALUES ($1, $2, $3, $4, $5)", std::int64_t{1}, hostile, 2.5, true, no_note);
  conn_.exec("INSERT INTO people VALUES ($1, $2, $3, $4, $5)", 2, unicode, -0.125, false, std::nullopt);
  conn_.exec("INSERT INTO people VALUES ($1, $2, $3, $4, $5)", 3, std::string_view("view"), 1e300, std::optional<bool>{},
             std::optional<std::string>{"a note"});

  const Result r = conn_.exec("SELECT id, name, score, vip, note FROM people ORDER BY id");
  ASSERT_EQ(r.rows(), 3);
  EXPECT_EQ(r.get<std::string>(0, "name"), hostile);
  EXPECT_DOUBLE_EQ(r.get<double>(0, "score"), 2.5);
  EXPECT_TRUE(r.get<bool>(0, "vip"));
  EXPECT_TRUE(r.is_null(0, 4));
  EXPECT_EQ(r.get<std::string>(1, "name"), unicode);
  EXPECT_DOUBLE_EQ(r.get<double>(1, "score"), -0.125);
  EXPECT_FALSE(r.get<bool>(1, "vip"));
  EXPECT_DOUBLE_EQ(r.get<double>(2, "score"), 1e300);
  EXPECT_EQ(r.get_optional<bool>(2, "vip"), std::nullopt);
  EXPECT_EQ(r.get_optional<std::string>(2, "note"), "a note");
}

TEST_F(ConnectionTest, RoundTripsExtremeValues) {
  const Result r = conn_.exec("SELECT $1::bigint, $2::int, $3::float8, $4::float8, $5::text, $6::text IS NULL",
                              INT64_MIN, INT32_MAX, 0.1, -std::numeric_limits<double>::infinity(), "", std::nullopt);
  EXPECT_EQ(r.get<std::int64_t>(0, 0), INT64_MIN);
  EXPECT_EQ(r.get<std::int32_t>(0, 1), INT32_MAX);
  EXPECT_EQ(r.get<double>(0, 2), 0.1);
  EXPECT_EQ(r.get<double>(0, 3), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.get<std::string>(0, 4), "");
  EXPECT_FALSE(r.is_null(0, 4));
  EXPECT_TRUE(r.get<bool>(0, 5));
}

TEST_F(ConnectionTest, ParamsBuilderTakesARuntimeNumberOfValues) {
  Params p;
  std::string sql = "SELECT ";
  for (int i = 1; i <= 20; ++i) {
    p.add(i);
    sql += (i > 1 ? " + $" : "$") + std::to_string(i) + "::int";
  }
  EXPECT_EQ(conn_.exec_params(sql, p).get<std::int64_t>(0, 0), 210);
  EXPECT_EQ(conn_.exec(sql, p).get<std::int64_t>(0, 0), 210);
}

TEST_F(ConnectionTest, SimpleExecRunsSeveralStatements) {
  const Result r = conn_.exec("CREATE TABLE a (x int); INSERT INTO a VALUES (1), (2); SELECT count(*) FROM a");
  EXPECT_EQ(r.get<std::int64_t>(0, 0), 2);
}

TEST_F(ConnectionTest, UniqueViolationCarriesSqlstateAndDetail) {
  conn_.exec("CREATE TABLE u (id int PRIMARY KEY)");
  conn_.exec("INSERT INTO u VALUES ($1)", 1);
  try {
    conn_.exec("INSERT INTO u VALUES ($1)", 1);
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "23505");
    EXPECT_TRUE(e.is_unique_violation());
    EXPECT_FALSE(e.is_transient());
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
    EXPECT_NE(e.detail.find("(id)=(1)"), std::string::npos) << e.detail;
  }
  EXPECT_TRUE(conn_.ok());
}

TEST_F(ConnectionTest, SyntaxErrorCarriesItsSqlstate) {
  try {
    conn_.exec("SELEC 1");
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "42601");
  }
}

TEST_F(ConnectionTest, TransactionRollsBackUnlessCommitted) {
  conn_.exec("CREATE TABLE t (x int)");
  {
    Transaction tx(conn_);
    conn_.exec("INSERT INTO t VALUES ($1)", 1);
    EXPECT_EQ(conn_.transaction_status(), TransactionStatus::in_transaction);
  }
  EXPECT_EQ(conn_.transaction_status(), TransactionStatus::idle);
  EXPECT_EQ(conn_.exec("SELECT count(*) FROM t").get<std::int64_t>(0, 0), 0);
  {
    Transaction tx(conn_);
    conn_.exec("INSERT INTO t VALUES ($1)", 2);
    tx.commit();
    EXPECT_THROW(tx.commit(), std::logic_error);
  }
  EXPECT_EQ(conn_.exec("SELECT x FROM t").get<std::int32_t>(0, 0), 2);
}

TEST_F(ConnectionTest, CommitAfterAFailedStatementReportsTheRollback) {
  conn_.exec("CREATE TABLE t (x int)");
  Transaction tx(conn_, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  conn_.exec("INSERT INTO t VALUES (1)");
  EXPECT_THROW(conn_.exec("SELECT 1/0"), PgError);
  try {
    tx.commit();
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "25P02");
  }
  EXPECT_EQ(conn_.transaction_status(), TransactionStatus::idle);
  EXPECT_EQ(conn_.exec("SELECT count(*) FROM t").get<std::int64_t>(0, 0), 0);
}

TEST_F(ConnectionTest, PreparedStatementsAreIdempotentAndSurviveReset) {
  conn_.prepare("add", "SELECT $1::int + $2::int");
  conn_.prepare("add", "SELECT $1::int + $2::int");
  EXPECT_TRUE(conn_.is_prepared("add"));
  EXPECT_THROW(conn_.prepare("add", "SELECT 1"), std::invalid_argument);
  EXPECT_EQ(conn_.exec_prepared("add", Params(2, 3)).get<std::int32_t>(0, 0), 5);

  EXPECT_THROW(conn_.exec("SELECT pg_terminate_backend(pg_backend_pid())"), PgError);
  EXPECT_FALSE(conn_.ok());
  conn_.reset();
  EXPECT_TRUE(conn_.ok());
  EXPECT_EQ(conn_.exec_prepared("add", Params(4, 5)).get<std::int32_t>(0, 0), 9);
}

TEST_F(ConnectionTest, ATerminatedSessionIsATransientError) {
  try {
    conn_.exec("SELECT pg_terminate_backend(pg_backend_pid())");
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.is_transient()) << e.sqlstate << " " << e.what();
  }
  EXPECT_FALSE(conn_.ok());
  try {
    conn_.exec("SELECT 1");
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.is_transient()) << e.sqlstate << " " << e.what();
  }
}

TEST_F(ConnectionTest, MovedFromConnectionFailsCleanly) {
  Connection moved = std::move(conn_);
  EXPECT_TRUE(moved.ok());
  EXPECT_FALSE(conn_.ok());  // NOLINT(bugprone-use-after-move): checking the moved-from state on purpose
  EXPECT_THROW(conn_.exec("SELECT 1"), PgError);
}

}  // namespace
}  // namespace frontdesk::storage
