#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace frontdesk::storage {

// One schema step: daemon/storage/migrations/NNNN_name.sql. Its SQL runs inside a
// transaction the migrator opens, so it must not contain BEGIN/COMMIT or statements
// that refuse a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...).
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The migrations compiled into this binary, in version order.
std::span<const Migration> builtin_migrations();

// Applies the pending migrations in version order, each in its own transaction, while
// holding a cluster-wide advisory lock, so daemons starting together apply each once.
// Records them in schema_migrations with the SHA-256 of their SQL. Throws
// std::runtime_error naming the migration when an applied one was edited afterwards or
// when the database holds versions this binary does not know (it is newer); a failing
// migration's PgError is rethrown prefixed with its name. Returns the versions applied.
std::vector<int> migrate(Connection& conn, std::span<const Migration> migrations);

// The highest applied version; 0 for a database never migrated.
int schema_version(Connection& conn);

// Lower-case hex SHA-256, as recorded in schema_migrations.checksum.
std::string sha256_hex(std::string_view data);

}  // namespace frontdesk::storage
