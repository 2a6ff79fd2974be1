#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "storage/migrations.hpp"

namespace frontdesk::storage {
namespace {

// What the build should have embedded: every NNNN_name.sql in the source folder.
std::map<int, std::pair<std::string, std::string>> migrations_on_disk() {
  std::map<int, std::pair<std::string, std::string>> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(FRONTDESK_MIGRATIONS_DIR, ec)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    const auto underscore = file.find('_');
    std::stringstream sql;
    sql << std::ifstream(entry.path(), std::ios::binary).rdbuf();
    out[std::stoi(file.substr(0, underscore))] = {file.substr(underscore + 1, file.size() - underscore - 5), sql.str()};
  }
  return out;
}

TEST(BuiltinMigrations, MatchTheSqlFilesByteForByte) {
  const auto expected = migrations_on_disk();
  const auto embedded = builtin_migrations();
  ASSERT_EQ(embedded.size(), expected.size());
  for (const Migration& m : embedded) {
    const auto it = expected.find(m.version);
    ASSERT_NE(it, expected.end()) << "embedded version " << m.version << " has no file";
    EXPECT_EQ(m.name, it->second.first);
    EXPECT_EQ(m.sql, it->second.second) << "migration " << m.version;
  }
}

TEST(BuiltinMigrations, AreOrderedByVersionStartingAtOne) {
  const auto embedded = builtin_migrations();
  EXPECT_TRUE(std::is_sorted(embedded.begin(), embedded.end(),
                             [](const Migration& a, const Migration& b) { return a.version < b.version; }));
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_GE(embedded[i].version, 1);
    EXPECT_FALSE(embedded[i].name.empty());
    if (i > 0) {
      EXPECT_LT(embedded[i - 1].version, embedded[i].version);
    }
  }
}

TEST(Sha256Hex, MatchesKnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace frontdesk::storage
