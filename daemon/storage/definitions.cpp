// SPDX-License-Identifier: Apache-2.0
#include "storage/definitions.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storage/array_literal.hpp"

namespace frontdesk::storage {

namespace {

constexpr std::string_view kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_definitions (
  name       text PRIMARY KEY,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

// The DROP statements for what the name $1 defines in the schema definitions are created in:
// the triggers that run functions of that name, the functions (every overload), a view. `fresh`
// says this transaction wrote the catalog row (CREATE OR REPLACE rewrites it), so a function or
// trigger that is not fresh after its definition ran is one the definition no longer makes.
constexpr std::string_view kObjectsOf = R"sql(
SELECT ddl, fresh FROM (
  SELECT 1 AS o, format('DROP TRIGGER %I ON %s', t.tgname, t.tgrelid::regclass) AS ddl,
         t.xmin = pg_current_xact_id()::xid AS fresh
  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE NOT t.tgisinternal AND p.proname = $1 AND p.pronamespace = current_schema()::regnamespace
  UNION ALL
  SELECT 2, format('DROP ROUTINE %s', p.oid::regprocedure), p.xmin = pg_current_xact_id()::xid
  FROM pg_proc p
  WHERE p.proname = $1 AND p.pronamespace = current_schema()::regnamespace
  UNION ALL
  SELECT 3, format('DROP %s %s', CASE c.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END,
                   c.oid::regclass), NULL
  FROM pg_class c
  WHERE c.relname = $1 AND c.relkind IN ('v', 'm') AND c.relnamespace = current_schema()::regnamespace) x
ORDER BY o, ddl)sql";

// The functions of these names and their languages' validators, which check a body as
// CREATE FUNCTION does when check_function_bodies is on.
constexpr std::string_view kFunctionsToCheck = R"sql(
SELECT p.proname::text, p.oid::int8, l.lanvalidator::regproc::text
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.proname = ANY ($1::text[]) AND p.pronamespace = current_schema()::regnamespace
  AND l.lanvalidator <> 0
ORDER BY 1, 2)sql";

// CREATE OR REPLACE refused the change: another return type, parameter names or defaults
// (42P13), a view's columns (42P16). Dropping first lets it through.
bool replace_refused(const PgError& e) { return e.sqlstate == "42P13" || e.sqlstate == "42P16"; }

// An object the definition uses does not exist yet (undefined function, table, object).
bool missing_dependency(const PgError& e) {
  return e.sqlstate == "42883" || e.sqlstate == "42P01" || e.sqlstate == "42704";
}

PgError named(std::string_view name, const PgError& e) {
  return PgError(fmt::format("definition sql/{}.sql failed: {}", name, e.what()), e.sqlstate, e.detail);
}

void drop_objects(Connection& conn, std::string_view name, bool only_stale) {
  const Result objects = conn.exec(kObjectsOf, name);
  for (int row = 0; row < objects.rows(); ++row) {
    if (only_stale && (objects.is_null(row, 1) || objects.get<bool>(row, 1))) continue;
    conn.exec(objects.get<std::string>(row, 0));
  }
}

void check_function_bodies(Connection& conn, std::span<const Definition> definitions) {
  ArrayLiteral names;
  for (const Definition& d : definitions) names.add(d.name);
  conn.exec("SET LOCAL check_function_bodies = on");
  const Result functions = conn.exec(kFunctionsToCheck, names.text());
  for (int row = 0; row < functions.rows(); ++row) {
    try {
      conn.exec(fmt::format("SELECT {}($1::oid)", functions.get<std::string>(row, 2)),
                functions.get<std::int64_t>(row, 1));
    } catch (const PgError& e) {
      throw named(functions.get<std::string>(row, 0), e);
    }
  }
}

std::vector<const Definition*> sorted_checked(std::span<const Definition> definitions) {
  std::vector<const Definition*> out;
  for (const Definition& d : definitions) out.push_back(&d);
  std::sort(out.begin(), out.end(), [](const Definition* a, const Definition* b) { return a->name < b->name; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i]->name.empty()) throw std::invalid_argument("a definition has no name");
    if (i > 0 && out[i]->name == out[i - 1]->name) {
      throw std::invalid_argument(fmt::format("two definitions are named {}", out[i]->name));
    }
  }
  return out;
}

}  // namespace

DefinitionChanges apply_definitions(Connection& conn, std::span<const Definition> definitions) {
  const std::vector<const Definition*> ordered = sorted_checked(definitions);
  conn.exec(kCreateTable);

  std::map<std::string, std::string, std::less<>> recorded;
  const Result rows = conn.exec("SELECT name, checksum FROM schema_definitions");
  for (int row = 0; row < rows.rows(); ++row) recorded[rows.get<std::string>(row, 0)] = rows.get<std::string>(row, 1);

  std::vector<const Definition*> pending;
  for (const Definition* d : ordered) {
    const auto it = recorded.find(d->name);
    if (it == recorded.end() || it->second != sha256_hex(d->sql)) pending.push_back(d);
  }
  std::vector<std::string> removed;
  for (const auto& [name, checksum] : recorded) {
    if (!std::any_of(ordered.begin(), ordered.end(), [&](const Definition* d) { return d->name == name; })) {
      removed.push_back(name);
    }
  }
  if (pending.empty() && removed.empty()) return {};

  // Each retry starts the transaction over: a failed statement aborts it, and without
  // savepoints every catalog row this transaction writes carries its own xid (see kObjectsOf).
  std::set<std::string_view> drop_first;
  std::size_t deferrals = 0;
  for (;;) {
    bool retry = false;
    Transaction tx(conn);
    conn.exec("SET LOCAL check_function_bodies = off");
    conn.exec("SET LOCAL client_min_messages = warning");  // "trigger ... does not exist, skipping"
    for (const std::string& name : removed) {
      try {
        drop_objects(conn, name, false);
      } catch (const PgError& e) {
        throw named(name, e);
      }
      conn.exec("DELETE FROM schema_definitions WHERE name = $1", name);
    }
    for (std::size_t i = 0; i < pending.size() && !retry; ++i) {
      const Definition& d = *pending[i];
      try {
        if (drop_first.contains(d.name)) drop_objects(conn, d.name, false);
        conn.exec(d.sql);
        drop_objects(conn, d.name, true);
      } catch (const PgError& e) {
        if (replace_refused(e) && !drop_first.contains(d.name)) {
          drop_first.insert(d.name);
        } else if (missing_dependency(e) && i + 1 < pending.size() && deferrals < pending.size() * pending.size()) {
          std::rotate(pending.begin() + static_cast<std::ptrdiff_t>(i), pending.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                      pending.end());
          ++deferrals;
        } else {
          throw named(d.name, e);
        }
        retry = true;
        continue;
      }
      conn.exec("INSERT INTO schema_definitions (name, checksum) VALUES ($1, $2) "
                "ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()",
                d.name, sha256_hex(d.sql));
    }
    if (retry) continue;  // tx rolls back
    check_function_bodies(conn, definitions);
    tx.commit();
    break;
  }

  DefinitionChanges changes;
  for (const Definition* d : pending) {
    spdlog::info("storage: applied definition sql/{}.sql", d->name);
    changes.applied.emplace_back(d->name);
  }
  for (const std::string& name : removed) spdlog::info("storage: dropped definition {} (no sql/{}.sql any more)", name, name);
  changes.dropped = std::move(removed);
  return changes;
}

}  // namespace frontdesk::storage
