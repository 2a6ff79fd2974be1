// SPDX-License-Identifier: Apache-2.0
// A fresh migrate equals the checked-in schema snapshot (daemon/storage/schema_snapshot.sql).
// A change to a migration or a definition must regenerate it (scripts/schema-snapshot) in the
// same commit, so the schema a reviewer reads is the schema the binary makes.
#include <string>

#include <gtest/gtest.h>

#include "schema_dump.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

TEST(SchemaSnapshot, AFreshMigrateEqualsTheSnapshot) {
  testing::TestDatabase db;
  Connection conn = Connection::connect(db.conninfo());
  migrate(conn, builtin_schema());
  const std::string fresh = testing::normalized_schema(db.conninfo());
  // Not a vacuous comparison: the snapshot holds the tables and the definitions.
  const std::string snapshot = testing::schema_snapshot();
  ASSERT_NE(snapshot.find("CREATE TABLE public.tickets ("), std::string::npos);
  ASSERT_NE(snapshot.find("CREATE FUNCTION public.fd_ingest_batch("), std::string::npos);
  EXPECT_TRUE(fresh == snapshot) << "a fresh migrate no longer equals daemon/storage/schema_snapshot.sql: "
                                    "regenerate it with scripts/schema-snapshot and commit it with the change "
                                    "(git diff shows what changed)";
}

}  // namespace
}  // namespace frontdesk::storage
