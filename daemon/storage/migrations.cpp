#include "storage/migrations.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

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

std::vector<Migration> sorted_checked(std::span<const Migration> migrations) {
  std::vector<Migration> out(migrations.begin(), migrations.end());
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
  return out;
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

std::vector<int> migrate(Connection& conn, std::span<const Migration> migrations) {
  const std::vector<Migration> ordered = sorted_checked(migrations);
  const AdvisoryLock lock(conn);
  conn.exec(kCreateTable);

  std::map<int, const Migration*> known;
  for (const Migration& m : ordered) known.emplace(m.version, &m);
  const std::string latest = ordered.empty() ? "none" : label(ordered.back().version, ordered.back().name);

  std::set<int> applied;
  const Result recorded = conn.exec("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
  for (int row = 0; row < recorded.rows(); ++row) {
    const int version = recorded.get<std::int32_t>(row, 0);
    const std::string name = recorded.get<std::string>(row, 1);
    const auto it = known.find(version);
    if (it == known.end()) {
      throw std::runtime_error(fmt::format(
          "the database has migration {} applied, which this binary does not include (its latest is {}); "
          "the database was migrated by a newer frontdesk",
          label(version, name), latest));
    }
    const std::string expected = sha256_hex(it->second->sql);
    const std::string actual = recorded.get<std::string>(row, 2);
    if (actual != expected) {
      throw std::runtime_error(fmt::format(
          "migration {} was changed after it was applied (recorded checksum {}, this binary has {}); "
          "add a new migration instead of editing an applied one",
          label(version, it->second->name), actual, expected));
    }
    applied.insert(version);
  }

  std::vector<int> done;
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
    done.push_back(m.version);
  }
  return done;
}

int schema_version(Connection& conn) {
  if (!conn.exec("SELECT to_regclass('schema_migrations') IS NOT NULL").get<bool>(0, 0)) return 0;
  return conn.exec("SELECT coalesce(max(version), 0) FROM schema_migrations").get<std::int32_t>(0, 0);
}

}  // namespace frontdesk::storage
