// SPDX-License-Identifier: Apache-2.0
#include "storage/migrations.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storage/array_literal.hpp"
#include "storage/definitions.hpp"

namespace frontdesk::storage {

namespace {

// Any fixed value works as long as every frontdesk binary uses the same one.
constexpr std::int64_t kMigrationLockKey = 0x4644'4d49'4752'4154;  // "FDMIGRAT"

constexpr std::string_view kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

std::string label(int version, std::string_view name) { return fmt::format("{:04d}_{}", version, name); }

// Session-level, so it spans the per-migration transactions; released on every path
// (and by the server anyway if the session dies).
class AdvisoryLock {
public:
  explicit AdvisoryLock(Connection& conn) : conn_(conn) { conn_.exec("SELECT pg_advisory_lock($1)", kMigrationLockKey); }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;
  ~AdvisoryLock() {
    if (!conn_.ok()) return;
    try {
      conn_.exec("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    } catch (const std::exception& e) {
      spdlog::warn("storage: releasing the migration lock failed: {}", e.what());
    }
  }

private:
  Connection& conn_;
};

std::vector<Migration> sorted_checked(const Schema& schema) {
  std::vector<Migration> out(schema.migrations.begin(), schema.migrations.end());
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].version <= 0) {
      throw std::invalid_argument("migration " + label(out[i].version, out[i].name) + " has a version below 1");
    }
    if (i > 0 && out[i].version == out[i - 1].version) {
      throw std::invalid_argument("migrations " + label(out[i - 1].version, out[i - 1].name) + " and " +
                                  label(out[i].version, out[i].name) + " share a version");
    }
  }
  if (!schema.squashed.empty()) {
    const int baseline = schema.squashed.back().version;
    if (!std::any_of(out.begin(), out.end(), [&](const Migration& m) { return m.version == baseline; })) {
      throw std::invalid_argument(fmt::format("no baseline migration {:04d} for the squashed migrations", baseline));
    }
    for (std::size_t i = 1; i < schema.squashed.size(); ++i) {
      if (schema.squashed[i].version <= schema.squashed[i - 1].version) {
        throw std::invalid_argument("the squashed migrations are not in version order");
      }
    }
  }
  return out;
}

struct Recorded {
  int version;
  std::string name;
  std::string checksum;
};

std::vector<Recorded> recorded_migrations(Connection& conn) {
  std::vector<Recorded> out;
  const Result rows = conn.exec("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
  for (int row = 0; row < rows.rows(); ++row) {
    out.push_back({rows.get<std::int32_t>(row, 0), rows.get<std::string>(row, 1), rows.get<std::string>(row, 2)});
  }
  return out;
}

// A database an earlier release migrated through every squashed migration holds the schema
// the baseline creates: its rows give way to the baseline's, and the baseline does not run.
// Returns whether it did that.
bool record_baseline(Connection& conn, const Schema& schema, const Migration& baseline,
                     const std::vector<Recorded>& recorded) {
  std::vector<const Recorded*> old;
  for (const Recorded& r : recorded) {
    if (std::any_of(schema.squashed.begin(), schema.squashed.end(),
                    [&](const SquashedMigration& s) { return s.version == r.version && s.name == r.name; })) {
      old.push_back(&r);
    }
  }
  if (old.empty()) return false;
  const SquashedMigration& first = schema.squashed.front();
  const SquashedMigration& last = schema.squashed.back();
  if (old.size() < schema.squashed.size()) {
    throw std::runtime_error(fmt::format(
        "the database is at migration {} of an earlier release, and this release replaced migrations {} to {} "
        "by {}: it cannot take the database on from there. Upgrade it with the last release before {} first "
        "(it applies the migrations up to {}), then run this one",
        label(old.back()->version, old.back()->name), label(first.version, first.name), label(last.version, last.name),
        label(baseline.version, baseline.name), label(baseline.version, baseline.name), label(last.version, last.name)));
  }
  for (const Recorded* r : old) {
    const auto s = std::find_if(schema.squashed.begin(), schema.squashed.end(),
                                [&](const SquashedMigration& m) { return m.version == r->version; });
    if (r->checksum != s->checksum) {
      throw std::runtime_error(fmt::format(
          "migration {} was applied with a text no release had (recorded checksum {}, the release had {}), so "
          "the database may not be what {} describes",
          label(r->version, r->name), r->checksum, s->checksum, label(baseline.version, baseline.name)));
    }
  }
  Transaction tx(conn);
  ArrayLiteral versions;
  for (const SquashedMigration& m : schema.squashed) versions.add(std::int64_t{m.version});
  conn.exec("DELETE FROM schema_migrations WHERE version = ANY ($1::integer[])", versions.text());
  conn.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", baseline.version,
            baseline.name, sha256_hex(baseline.sql));
  tx.commit();
  spdlog::info("storage: the database an earlier release migrated to {} is at {}", label(last.version, last.name),
               label(baseline.version, baseline.name));
  return true;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 computation failed (OpenSSL EVP_Digest)");
  }
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

MigrationReport migrate_with_report(Connection& conn, const Schema& schema) {
  const std::vector<Migration> ordered = sorted_checked(schema);
  const AdvisoryLock lock(conn);
  conn.exec(kCreateTable);

  std::map<int, const Migration*> known;
  for (const Migration& m : ordered) known.emplace(m.version, &m);
  const std::string latest = ordered.empty() ? "none" : label(ordered.back().version, ordered.back().name);

  MigrationReport report;
  std::vector<Recorded> recorded = recorded_migrations(conn);
  if (!schema.squashed.empty() &&
      record_baseline(conn, schema, *known.at(schema.squashed.back().version), recorded)) {
    report.baseline_recorded = true;
    recorded = recorded_migrations(conn);
  }

  std::set<int> applied;
  for (const Recorded& r : recorded) {
    const auto it = known.find(r.version);
    if (it == known.end()) {
      throw std::runtime_error(fmt::format(
          "the database has migration {} applied, which this binary does not include (its latest is {}); "
          "the database was migrated by a newer frontdesk",
          label(r.version, r.name), latest));
    }
    const std::string expected = sha256_hex(it->second->sql);
    if (r.checksum != expected) {
      throw std::runtime_error(fmt::format(
          "migration {} was changed after it was applied (recorded checksum {}, this binary has {}); "
          "add a new migration instead of editing an applied one",
          label(r.version, it->second->name), r.checksum, expected));
    }
    applied.insert(r.version);
  }

  for (const Migration& m : ordered) {
    if (applied.contains(m.version)) continue;
    try {
      Transaction tx(conn);
      conn.exec(m.sql);
      conn.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", m.version, m.name,
                sha256_hex(m.sql));
      tx.commit();
    } catch (const PgError& e) {
      throw PgError("migration " + label(m.version, m.name) + " failed: " + e.what(), e.sqlstate, e.detail);
    }
    spdlog::info("storage: applied migration {}", label(m.version, m.name));
    report.applied.push_back(m.version);
  }

  DefinitionChanges definitions = apply_definitions(conn, schema.definitions);
  report.definitions = std::move(definitions.applied);
  report.dropped = std::move(definitions.dropped);
  return report;
}

std::vector<int> migrate(Connection& conn, const Schema& schema) { return migrate_with_report(conn, schema).applied; }

int schema_version(Connection& conn) {
  if (!conn.exec("SELECT to_regclass('schema_migrations') IS NOT NULL").get<bool>(0, 0)) return 0;
  return conn.exec("SELECT coalesce(max(version), 0) FROM schema_migrations").get<std::int32_t>(0, 0);
}

}  // namespace frontdesk::storage
