// SPDX-License-Identifier: Apache-2.0
// Hostile Lua inside the running engine: contained, logged and counted, while the other
// rules of the same event still run.
#include "rules_fixture.hpp"

#include <fstream>

namespace frontdesk::rules::testing {
namespace {

class LuaRuntime : public RulesFixture {};

TEST_F(LuaRuntime, HostileScriptsAreContainedAndOtherRulesRun) {
  const auto dir = std::filesystem::temp_directory_path() / ("frontdesk-lua-rt-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto marker = dir / "pwned";
  std::ofstream(dir / "spin.lua") << "function on_event() while true do end end\n";
  std::ofstream(dir / "bomb.lua") << "function on_event() local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 4096) end end\n";
  std::ofstream(dir / "exec.lua") << "function on_event() os.execute('touch " << marker.string() << "') end\n";
  std::ofstream(dir / "good.lua") << "function on_event(e, t, api) if t.priority == 'high' then api.add_tag('lua-ok') end end\n";
  use_rules(R"(
- {name: spin, on: ticket.created, lua: spin.lua}
- {name: bomb, on: ticket.created, lua: bomb.lua}
- {name: exec, on: ticket.created, lua: exec.lua}
- {name: yaml, on: ticket.created, then: [{add_tag: yaml-ok}]}
- {name: good, on: ticket.created, lua: good.lua}
)",
            dir);
  const auto t = create_ticket("lua@x.org", "s", "b", "general", "high");
  drain();
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t)), "yaml-ok,lua-ok");
  EXPECT_EQ(runtime_->counters().lua_errors.load(), 3u);
  EXPECT_EQ(store_->current()->find("bomb")->lua_errors.load(), 1u);
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending"), 0);
  std::filesystem::remove_all(dir);
}

// Rules first look at a ticket without locking it; one that acts has the ticket locked and,
// the row being unchanged, keeps the decision it took: its script ran once.
TEST_F(LuaRuntime, AScriptThatActsRunsOncePerEvent) {
  const auto dir = std::filesystem::temp_directory_path() / ("frontdesk-lua-once-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "count.lua") << "function on_event(e, t, api) runs = (runs or 0) + 1 api.add_tag('run' .. runs) end\n";
  use_rules(R"(
- {name: count, on: ticket.created, lua: count.lua}
)",
            dir);
  const auto t = create_ticket("once@x.org", "s", "b", "general", "high");
  drain();
  EXPECT_EQ(text("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(t)), "run1");
  EXPECT_EQ(number("SELECT count(*) FROM audit_events WHERE rules_pending"), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frontdesk::rules::testing
