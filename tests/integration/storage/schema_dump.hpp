// SPDX-License-Identifier: Apache-2.0
// The normalized schema of a database (scripts/schema-snapshot --dump) and the checked-in
// snapshot it is compared with, for the snapshot and upgrade tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "storage/child_process.hpp"

namespace frontdesk::testing {

inline const std::filesystem::path kSourceDir = FRONTDESK_SOURCE_DIR;

inline std::string read_source_file(const std::filesystem::path& relative) {
  std::ifstream in(kSourceDir / relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + (kSourceDir / relative).string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What scripts/schema-snapshot writes for a database.
inline std::string normalized_schema(const std::string& conninfo) {
  const auto result = storage::run_process({(kSourceDir / "scripts/schema-snapshot").string(), "--dump", conninfo},
                                           kSourceDir, std::nullopt);
  if (result.exit_code != 0) {
    throw std::runtime_error("scripts/schema-snapshot --dump failed (" + std::to_string(result.exit_code) +
                             "): " + result.output);
  }
  return result.output;
}

inline std::string schema_snapshot() { return read_source_file("daemon/storage/schema_snapshot.sql"); }

}  // namespace frontdesk::testing
