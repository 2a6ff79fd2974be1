// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace frontdesk::testing {

// The value of environment variable `name`; throws std::runtime_error (which fails the
// running test with that message) when it is unset or empty.
std::string require_env(const char* name);

// A fresh, empty database on the server named by FRONTDESK_TEST_DATABASE_URL (a superuser
// conninfo, set by scripts/test), dropped WITH (FORCE) when this object goes away. Nothing
// is run in it: tests migrate it themselves when they need the schema.
class TestDatabase {
public:
  TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  [[nodiscard]] const std::string& conninfo() const noexcept { return conninfo_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  // The server's conninfo as given, for admin work outside the test database.
  [[nodiscard]] const std::string& admin_conninfo() const noexcept { return admin_conninfo_; }

private:
  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace frontdesk::testing
