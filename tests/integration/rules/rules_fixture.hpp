// SPDX-License-Identifier: Apache-2.0
#pragma once
// A migrated test database, tickets created through fd_ingest (as channels create them),
// agents and teams, and a rules runtime driven step by step on a ManualClock.
#include "core/clock.hpp"
#include "rules/loader.hpp"
#include "rules/rule_store.hpp"
#include "rules/runtime/rules_runtime.hpp"
#include "storage/connection.hpp"
#include "storage/result.hpp"
#include "test_database.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace frontdesk::rules::testing {

struct AgentSpec {
  std::string name;
  std::string availability = "available";
  int max_concurrent = 5;
  std::string specializations = "{}";
  std::string languages = "{en}";
  std::string department = "";
  std::string team = "";
};

class RulesFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  // Rules from inline YAML (templates ack and alert exist; Lua from lua_dir).
  void use_rules(const std::string& yaml, const std::filesystem::path& lua_dir = {});
  void use_rules_dir(const std::filesystem::path& dir);

  std::int64_t add_agent(const AgentSpec& spec);
  // A new ticket from `email`; returns its id.
  std::int64_t create_ticket(const std::string& email, const std::string& subject, const std::string& body,
                             const std::string& category = "general", const std::string& priority = "medium",
                             const std::string& language = "en");
  // A customer reply on an existing ticket.
  void reply(std::int64_t ticket, const std::string& email, const std::string& body);
  // What the API writes when an agent changes availability.
  void set_availability(std::int64_t agent, const std::string& to);

  // Processes events until none is pending; returns how many were handled.
  std::size_t drain();

  std::string text(const std::string& sql);
  std::int64_t number(const std::string& sql);

  std::string now_text() const;

  frontdesk::testing::TestDatabase db_;
  storage::Connection conn_ = storage::Connection::connect(db_.conninfo());
  core::ManualClock clock_;
  std::unique_ptr<RuleStore> store_;
  runtime::RuntimeOptions runtime_options_;  // for the runtimes use_rules() creates
  std::unique_ptr<runtime::RulesRuntime> runtime_;
  LuaSandbox lua_{LuaLimits{4u << 20, 64u << 20, 200'000}};
  int next_external_ = 0;
};

}  // namespace frontdesk::rules::testing
