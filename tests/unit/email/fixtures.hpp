// SPDX-License-Identifier: Apache-2.0
// Reads the mail corpus under tests/fixtures/mail.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace frontdesk::email::test {

inline std::filesystem::path fixture_dir() { return FRONTDESK_MAIL_FIXTURES; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string fixture(const std::string& name) { return read_file(fixture_dir() / name); }

}  // namespace frontdesk::email::test
