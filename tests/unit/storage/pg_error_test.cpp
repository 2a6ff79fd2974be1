// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "storage/pg_error.hpp"

namespace frontdesk::storage {
namespace {

TEST(PgError, ClassifiesTransientFailures) {
  for (const char* state : {"08000", "08001", "08006", "40001", "40P01", "57P01", "57P02", "57P03"}) {
    EXPECT_TRUE(PgError("x", state).is_transient()) << state;
  }
  for (const char* state : {"", "23505", "42601", "57014", "25P02"}) {
    EXPECT_FALSE(PgError("x", state).is_transient()) << state;
  }
}

TEST(PgError, RecognisesUniqueViolations) {
  EXPECT_TRUE(PgError("dup", "23505").is_unique_violation());
  EXPECT_FALSE(PgError("fk", "23503").is_unique_violation());
}

TEST(PgError, KeepsMessageStateAndDetail) {
  const PgError e("duplicate key value", "23505", "Key (id)=(1) already exists.");
  EXPECT_STREQ(e.what(), "duplicate key value");
  EXPECT_EQ(e.sqlstate, "23505");
  EXPECT_EQ(e.detail, "Key (id)=(1) already exists.");
}

}  // namespace
}  // namespace frontdesk::storage
