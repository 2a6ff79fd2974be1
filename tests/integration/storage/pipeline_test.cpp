// SPDX-License-Identifier: Apache-2.0
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "storage/pipeline.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

class PipelineTest : public ::testing::Test {
protected:
  void SetUp() override { conn_.exec("CREATE TABLE items (id int PRIMARY KEY, label text)"); }

  std::int64_t count() { return conn_.exec("SELECT count(*) FROM items").get<std::int64_t>(0, 0); }

  testing::TestDatabase db_;
  Connection conn_ = Connection::connect(db_.conninfo());
};

TEST_F(PipelineTest, GroupCommitsATransactionInOneRoundTrip) {
  conn_.prepare("insert_item", "INSERT INTO items VALUES ($1, $2)");
  Pipeline p(conn_);
  EXPECT_EQ(p.add("BEGIN"), 0u);
  for (int i = 1; i <= 50; ++i) p.add("insert_item", Params(i, "item " + std::to_string(i)), true);
  p.add("INSERT INTO items VALUES ($1, $2)", Params(51, std::nullopt));
  const std::size_t select = p.add("SELECT count(*) FROM items");
  p.add("COMMIT");
  EXPECT_EQ(p.size(), 54u);

  std::vector<PipelineResult> results = p.run();
  ASSERT_EQ(results.size(), 54u);
  for (const PipelineResult& r : results) EXPECT_TRUE(r.ok());
  EXPECT_EQ(results[1].value().affected_rows(), 1);
  EXPECT_EQ(results[select].value().get<std::int64_t>(0, 0), 51);
  EXPECT_EQ(p.size(), 0u);
  EXPECT_EQ(count(), 51);
  EXPECT_FALSE(conn_.in_pipeline());
  EXPECT_EQ(conn_.transaction_status(), TransactionStatus::idle);
}

TEST_F(PipelineTest, AnErrorInTheMiddleAbortsTheRestAndLeavesTheConnectionUsable) {
  conn_.exec("INSERT INTO items VALUES (2, 'already there')");
  Pipeline p(conn_);
  p.add("BEGIN");
  p.add("INSERT INTO items VALUES ($1, $2)", Params(1, "one"));
  p.add("INSERT INTO items VALUES ($1, $2)", Params(2, "duplicate"));
  p.add("INSERT INTO items VALUES ($1, $2)", Params(3, "three"));
  p.add("COMMIT");
  std::vector<PipelineResult> results = p.run();

  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  ASSERT_FALSE(results[2].ok());
  EXPECT_FALSE(results[2].aborted());
  EXPECT_TRUE(results[2].error().is_unique_violation());
  EXPECT_THROW((void)results[2].value(), PgError);
  for (std::size_t i : {3u, 4u}) {
    ASSERT_FALSE(results[i].ok());
    EXPECT_TRUE(results[i].aborted());
    const std::string message = results[i].error().what();
    EXPECT_NE(message.find("#3 failed first"), std::string::npos) << message;
    EXPECT_NE(message.find("duplicate key"), std::string::npos) << message;
  }

  // Nothing of the failed batch stuck, and the session is back to normal.
  EXPECT_EQ(conn_.transaction_status(), TransactionStatus::idle);
  EXPECT_FALSE(conn_.in_pipeline());
  EXPECT_EQ(count(), 1);
  conn_.exec("INSERT INTO items VALUES ($1, $2)", 10, "after");
  p.add("BEGIN");
  p.add("INSERT INTO items VALUES ($1, $2)", Params(11, "again"));
  p.add("COMMIT");
  for (const PipelineResult& r : p.run()) EXPECT_TRUE(r.ok());
  EXPECT_EQ(count(), 3);
}

TEST_F(PipelineTest, WithoutBeginTheBatchIsOneImplicitTransaction) {
  Pipeline p(conn_);
  p.add("INSERT INTO items VALUES ($1, $2)", Params(1, "one"));
  p.add("SELECT 1/0");
  p.add("INSERT INTO items VALUES ($1, $2)", Params(2, "two"));
  const std::vector<PipelineResult> results = p.run();
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().sqlstate, "22012");
  EXPECT_TRUE(results[2].aborted());
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(conn_.transaction_status(), TransactionStatus::idle);
}

TEST_F(PipelineTest, InsideTheCallersTransactionTheCallerDecides) {
  {
    Transaction tx(conn_);
    conn_.exec("INSERT INTO items VALUES (1, 'outer')");
    Pipeline p(conn_);
    p.add("INSERT INTO items VALUES ($1, $2)", Params(1, "duplicate"));
    const std::vector<PipelineResult> results = p.run();
    EXPECT_TRUE(results[0].error().is_unique_violation());
    EXPECT_EQ(conn_.transaction_status(), TransactionStatus::in_error);
  }
  EXPECT_EQ(conn_.transaction_status(), TransactionStatus::idle);
  EXPECT_EQ(count(), 0);
}

TEST_F(PipelineTest, ALostConnectionThrowsATransientErrorAndResetRecovers) {
  Pipeline p(conn_);
  p.add("SELECT pg_terminate_backend(pg_backend_pid())");
  p.add("SELECT 1");
  try {
    (void)p.run();
    FAIL() << "expected PgError";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.is_transient()) << e.sqlstate << " " << e.what();
  }
  EXPECT_FALSE(conn_.ok());
  conn_.reset();
  EXPECT_FALSE(conn_.in_pipeline());
  p.add("SELECT 41 + 1");
  EXPECT_EQ(p.run()[0].value().get<std::int32_t>(0, 0), 42);
}

TEST_F(PipelineTest, AnEmptyPipelineDoesNothing) {
  Pipeline p(conn_);
  EXPECT_TRUE(p.run().empty());
  EXPECT_TRUE(conn_.ok());
}

}  // namespace
}  // namespace frontdesk::storage
