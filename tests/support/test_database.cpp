// SPDX-License-Identifier: Apache-2.0
#include "test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

#include "storage/connection.hpp"

namespace frontdesk::testing {

namespace {
constexpr const char* kUrlVariable = "FRONTDESK_TEST_DATABASE_URL";

// pid + counter keep names unique within a run; the random part keeps them unique
// across runs that reuse a pid (containers) while a previous run's drop is pending.
std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  std::random_device random;
  return "frontdesk_test_" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1)) + "_" +
         std::to_string(random() % 1'000'000);
}
}  // namespace

std::string require_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string("environment variable ") + name +
                             " is not set; run the tests through scripts/test, or export it yourself");
  }
  return value;
}

TestDatabase::TestDatabase() : name_(unique_name()) {
  try {
    admin_conninfo_ = require_env(kUrlVariable);
  } catch (const std::runtime_error&) {
    throw std::runtime_error(std::string(kUrlVariable) +
                             " is not set: tests that need PostgreSQL expect a superuser conninfo to a running "
                             "server, e.g. postgresql://postgres@/postgres?host=/tmp/frontdesk-test-pg "
                             "(scripts/test sets it)");
  }
  storage::Connection admin = storage::Connection::connect(admin_conninfo_);
  admin.exec("CREATE DATABASE " + name_);  // name_ is [a-z0-9_] only
  conninfo_ = storage::conninfo_with(admin_conninfo_, "dbname", name_);
}

TestDatabase::~TestDatabase() {
  try {
    storage::Connection admin = storage::Connection::connect(admin_conninfo_);
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "dropping test database " << name_ << " failed: " << e.what();
  }
}

}  // namespace frontdesk::testing
