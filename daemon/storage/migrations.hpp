// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace frontdesk::storage {

// One schema step: daemon/storage/migrations/NNNN_name.sql, tables, indexes and data only.
// Its SQL runs once, inside a transaction the migrator opens, so it must not contain
// BEGIN/COMMIT or statements that refuse a transaction block (CREATE INDEX CONCURRENTLY,
// VACUUM, ...).
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// One file of daemon/storage/sql/: the function `name` (every overload of it) with the
// triggers that run it, or the view `name`. Its SQL is run again whenever its text changes,
// so it is written to be re-run: CREATE OR REPLACE, DROP TRIGGER IF EXISTS + CREATE TRIGGER.
struct Definition {
  std::string_view name;
  std::string_view sql;
};

// A migration of an earlier release that a baseline migration replaced (squashed.txt): the
// baseline is the migration with the last squashed version, and a database that recorded
// every squashed migration, with these checksums, is at it.
struct SquashedMigration {
  int version;
  std::string_view name;
  std::string_view checksum;
};

// Everything this binary knows of the database schema.
struct Schema {
  std::span<const Migration> migrations;
  std::span<const Definition> definitions;
  std::span<const SquashedMigration> squashed;
};

// The schema compiled into this binary (daemon/storage/migrations/ and daemon/storage/sql/),
// migrations in version order, definitions in name order.
Schema builtin_schema();

// The name callers used before definitions existed; the same as builtin_schema().
inline Schema builtin_migrations() { return builtin_schema(); }

struct MigrationReport {
  std::vector<int> applied;              // migrations run, in version order
  bool baseline_recorded = false;        // an earlier release's database was recorded at the baseline
  std::vector<std::string> definitions;  // definitions (re)applied, by name
  std::vector<std::string> dropped;      // definitions dropped: recorded, no longer in the schema
};

// Brings the database to `schema` while holding a cluster-wide advisory lock, so daemons
// starting together do it once:
//  1. A database that recorded every squashed migration is recorded at the baseline instead
//     (its rows are replaced by the baseline's; nothing runs). One that recorded only some
//     of them is refused with the way out (upgrade through the release before the squash).
//  2. The pending migrations run in version order, each in its own transaction, recorded in
//     schema_migrations with the SHA-256 of their SQL.
//  3. The definitions whose SHA-256 differs from the one recorded in schema_definitions (or
//     that were never recorded) run again, and recorded definitions the schema no longer has
//     are dropped, all in one transaction: see apply_definitions (definitions.hpp).
// Throws std::runtime_error naming the migration when an applied one was edited afterwards or
// when the database holds versions this binary does not know (it is newer); a failing
// migration's or definition's PgError is rethrown prefixed with its file's name.
MigrationReport migrate_with_report(Connection& conn, const Schema& schema);

// migrate_with_report's applied migrations.
std::vector<int> migrate(Connection& conn, const Schema& schema);

// The highest applied version; 0 for a database never migrated.
int schema_version(Connection& conn);

// Lower-case hex SHA-256, as recorded in schema_migrations.checksum.
std::string sha256_hex(std::string_view data);

}  // namespace frontdesk::storage
