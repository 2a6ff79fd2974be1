// SPDX-License-Identifier: Apache-2.0
// The schema compiled into the binary is the SQL of daemon/storage/migrations/ and
// daemon/storage/sql/, and that SQL keeps the rules of the layout: numbered migrations hold
// tables, indexes and data; each function, view or trigger is defined once, in the file named
// after it (after the function it runs, for a trigger), in a form that can run again.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/migrations.hpp"

namespace frontdesk::storage {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

std::vector<fs::path> sql_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What an SQL text creates, by kind: "function", "view", "trigger-function" (the function a
// CREATE TRIGGER runs), each with the names in order.
std::multimap<std::string, std::string> created(const std::string& sql) {
  static const std::regex kCreate(
      R"(CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|VIEW|MATERIALIZED\s+VIEW)\s+(?:public\.)?(\w+)\s*(?:\(|AS\b|WITH\b))",
      std::regex::icase);
  static const std::regex kTrigger(R"(CREATE\s+(?:OR\s+REPLACE\s+)?TRIGGER\s[^;]*?EXECUTE\s+(?:FUNCTION|PROCEDURE)\s+(?:public\.)?(\w+))",
                                   std::regex::icase);
  std::multimap<std::string, std::string> out;
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kCreate); it != std::sregex_iterator(); ++it) {
    const std::string keyword = (*it)[1].str();
    const std::string kind = keyword.find_first_of("Vv") == std::string::npos ? "function" : "view";
    out.emplace(kind, (*it)[2].str());
  }
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kTrigger); it != std::sregex_iterator(); ++it) {
    out.emplace("trigger-function", (*it)[1].str());
  }
  return out;
}

TEST(BuiltinSchema, MigrationsMatchTheSqlFilesByteForByte) {
  std::map<int, std::pair<std::string, std::string>> on_disk;
  for (const fs::path& path : sql_files(FRONTDESK_MIGRATIONS_DIR)) {
    const std::string file = path.filename().string();
    const auto underscore = file.find('_');
    on_disk[std::stoi(file.substr(0, underscore))] = {file.substr(underscore + 1, file.size() - underscore - 5),
                                                      read(path)};
  }
  const auto embedded = builtin_schema().migrations;
  ASSERT_EQ(embedded.size(), on_disk.size());
  for (const Migration& m : embedded) {
    const auto it = on_disk.find(m.version);
    ASSERT_NE(it, on_disk.end()) << "embedded version " << m.version << " has no file";
    EXPECT_EQ(m.name, it->second.first);
    EXPECT_EQ(m.sql, it->second.second) << "migration " << m.version;
  }
}

TEST(BuiltinSchema, MigrationsAreOrderedByVersionStartingAtOne) {
  const auto embedded = builtin_schema().migrations;
  ASSERT_FALSE(embedded.empty());
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_GE(embedded[i].version, 1);
    EXPECT_FALSE(embedded[i].name.empty());
    if (i > 0) {
      EXPECT_LT(embedded[i - 1].version, embedded[i].version);
    }
  }
}

TEST(BuiltinSchema, DefinitionsMatchTheSqlFilesByteForByte) {
  const std::vector<fs::path> files = sql_files(FRONTDESK_DEFINITIONS_DIR);
  const auto embedded = builtin_schema().definitions;
  ASSERT_EQ(embedded.size(), files.size());
  ASSERT_GE(embedded.size(), 29u);
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(embedded[i].name, files[i].stem().string());
    EXPECT_EQ(embedded[i].sql, read(files[i])) << files[i];
  }
}

// 0001..0023, the migrations the releases before the squash shipped, with the checksums they
// recorded, replaced by 0023_baseline.sql. 0024 was written after the last release: it is a
// migration of its own, which a database recorded at the baseline runs like a fresh one.
TEST(BuiltinSchema, TheSquashedMigrationsEndAtTheBaseline) {
  const Schema schema = builtin_schema();
  ASSERT_EQ(schema.squashed.size(), 22u);  // 0012 never shipped
  EXPECT_EQ(schema.squashed.front().version, 1);
  EXPECT_EQ(schema.squashed.front().name, "init");
  EXPECT_EQ(schema.squashed.front().checksum, "fe9dae80d18409a9005edf348cd4e4e3642c415571ec2aaaaebc479fb7bb5d1b");
  EXPECT_EQ(schema.squashed.back().version, 23);
  EXPECT_EQ(schema.squashed.back().name, "opening_message");
  EXPECT_EQ(schema.squashed.back().checksum, "916667009810a427d4db9c5d1791771073c26454f057be2ff56734ce06f11d3f");
  ASSERT_GE(schema.migrations.size(), 2u);
  EXPECT_EQ(schema.migrations[0].version, 23);
  EXPECT_EQ(schema.migrations[0].name, "baseline");
  EXPECT_EQ(schema.migrations[1].version, 24);
  EXPECT_EQ(schema.migrations[1].name, "ticket_scoped_tokens");
  for (const SquashedMigration& m : schema.squashed) EXPECT_EQ(m.checksum.size(), 64u) << m.name;
}

TEST(BuiltinSchema, MigrationsDefineNoFunctionTriggerOrView) {
  for (const Migration& m : builtin_schema().migrations) {
    const auto things = created(std::string(m.sql));
    EXPECT_TRUE(things.empty()) << "migration " << m.version << "_" << m.name << " creates "
                                << things.begin()->first << " " << things.begin()->second
                                << ": functions, triggers and views go to daemon/storage/sql/";
  }
}

TEST(BuiltinSchema, EachDefinitionCreatesWhatItIsNamedAfterAndCanRunAgain) {
  static const std::regex kNotReRunnable(R"(CREATE\s+(FUNCTION|VIEW|TRIGGER|TABLE|INDEX)\b)", std::regex::icase);
  static const std::regex kTriggerName(R"(CREATE\s+TRIGGER\s+(\w+)\s[^;]*?\sON\s+(\w+))", std::regex::icase);
  for (const Definition& d : builtin_schema().definitions) {
    const std::string sql(d.sql);
    const auto things = created(sql);
    EXPECT_FALSE(things.empty()) << d.name << " creates nothing";
    for (const auto& [kind, name] : things) {
      // A trigger lives in the file of the function it runs, which drops and recreates it.
      EXPECT_EQ(name, d.name) << "sql/" << d.name << ".sql: " << kind << " " << name;
    }
    // Plain CREATE FUNCTION/VIEW fails the second time; a trigger is dropped first.
    std::smatch plain;
    std::string rest = sql;
    while (std::regex_search(rest, plain, kNotReRunnable)) {
      const std::string what = plain[1].str();
      if (what != "TRIGGER" && what != "trigger") {
        ADD_FAILURE() << "sql/" << d.name << ".sql: CREATE " << what << " without OR REPLACE";
      }
      rest = plain.suffix();
    }
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kTriggerName); it != std::sregex_iterator(); ++it) {
      const std::string drop = "DROP TRIGGER IF EXISTS " + (*it)[1].str() + " ON " + (*it)[2].str() + ";";
      EXPECT_NE(sql.find(drop), std::string::npos) << "sql/" << d.name << ".sql lacks " << drop;
    }
  }
}

// Definitions live in daemon/storage/sql/ only: no function, trigger or view is created
// anywhere else in the daemon's sources. The schema snapshot (generated) is the exception.
TEST(BuiltinSchema, NoFunctionIsDefinedOutsideItsFile) {
  const fs::path storage = fs::path(FRONTDESK_DEFINITIONS_DIR).parent_path();
  const fs::path daemon = storage.parent_path();
  for (const auto& entry : fs::recursive_directory_iterator(daemon)) {
    const fs::path& path = entry.path();
    const std::string ext = path.extension().string();
    if (!entry.is_regular_file() || (ext != ".sql" && ext != ".cpp" && ext != ".hpp")) continue;
    if (path.parent_path() == fs::path(FRONTDESK_DEFINITIONS_DIR) || path == storage / "schema_snapshot.sql") continue;
    const auto things = created(read(path));
    EXPECT_TRUE(things.empty()) << path << " creates " << things.begin()->first << " " << things.begin()->second;
  }
}

TEST(Sha256Hex, MatchesKnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace frontdesk::storage
