// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

#include "rules/evaluator.hpp"
#include "rules/lua_sandbox.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>

namespace frontdesk::rules {
namespace {

std::shared_ptr<const LuaScript> script(std::string source) {
  return std::make_shared<const LuaScript>(LuaScript{"test.lua", std::move(source)});
}

Facts ticket_facts() {
  Facts f;
  f[Field::ticket_number] = Value::of_text("TKT-1-000001");
  f[Field::ticket_priority] = Value::of_text("low");
  f[Field::ticket_tags] = Value::of_list({"vip"});
  f[Field::customer_name] = Value::of_text("Ana");
  f[Field::message_text] = Value::of_text("refund please");
  return f;
}

const TemplateSet& templates() {
  static const TemplateSet set = testing::templates_with({"ack"});
  return set;
}

TEST(LuaSandbox, ApiCallsBecomeActions) {
  LuaSandbox lua;
  const auto s = script(R"(
function on_event(event, ticket, api)
  if event.name == "message.received" and ticket.message.text:find("refund") and ticket.tags[1] == "vip" then
    api.set_priority("urgent")
    api.assign({strategy = "least_loaded", team = "billing"})
    api.add_tag(ticket.customer.name:lower())
    api.reply({template = "ack"})
    api.close({resolution = "other"})
  end
end)");
  const auto out = lua.call(s, "message.received", ticket_facts(), templates());
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->size(), 5u);
  EXPECT_EQ((*out)[0].describe(), "set_priority: urgent");
  EXPECT_EQ((*out)[1].describe(), "assign {strategy: least_loaded, team: billing}");
  EXPECT_EQ((*out)[2].describe(), "add_tag: ana");
  EXPECT_EQ((*out)[3].describe(), "reply {template: ack}");
  EXPECT_EQ((*out)[4].describe(), "close {resolution: other}");
}

TEST(LuaSandbox, BadActionArgumentsAreErrors) {
  LuaSandbox lua;
  const auto out = lua.call(script("function on_event(e, t, api) api.set_priority('asap') end"), "ticket.created",
                            ticket_facts(), templates());
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().find("api.set_priority: unknown priority 'asap' (valid: urgent, high, medium, low)"),
            std::string::npos)
      << out.error();
}

TEST(LuaSandbox, InfiniteLoopHitsTheInstructionBudget) {
  LuaSandbox lua({.memory_per_call = 8u << 20, .memory_total = 64u << 20, .instructions = 100'000});
  const auto start = std::chrono::steady_clock::now();
  const auto out = lua.call(script("function on_event() while true do end end"), "ticket.created", {}, templates());
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().find("instruction budget exceeded"), std::string::npos) << out.error();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(LuaSandbox, CatchingTheBudgetErrorDoesNotBuyMoreTime) {
  LuaSandbox lua({.memory_per_call = 8u << 20, .memory_total = 64u << 20, .instructions = 100'000});
  const auto out = lua.call(
      script("function on_event() while true do pcall(function() while true do end end) end end"), "ticket.created",
      {}, templates());
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().find("instruction budget exceeded"), std::string::npos) << out.error();
}

TEST(LuaSandbox, MemoryBombHitsTheCap) {
  LuaSandbox lua({.memory_per_call = 4u << 20, .memory_total = 64u << 20, .instructions = 50'000'000});
  const auto out = lua.call(script(R"(
function on_event()
  local t = {}
  for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end
end)"),
                            "ticket.created", {}, templates());
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().find("memory limit exceeded"), std::string::npos) << out.error();
  EXPECT_LT(lua.memory_in_use(), 4u << 20) << "the garbage is collected after the failed call";
  // The state still works for the next script.
  const auto ok = lua.call(script("function on_event(e, t, api) api.add_tag('fine') end"), "ticket.created", {},
                           templates());
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_EQ(ok->size(), 1u);
}

TEST(LuaSandbox, DangerousLibrariesAreAbsent) {
  LuaSandbox lua;
  for (const char* expr : {"os", "io", "package", "debug", "require", "load", "loadfile", "dofile", "loadstring",
                           "collectgarbage", "print", "string.dump", "_G", "rawset", "setmetatable",
                           "getmetatable"}) {
    const auto out = lua.call(
        script(std::string("function on_event(e, t, api) if ") + expr + " ~= nil then api.add_tag('leak') end end"),
        "ticket.created", {}, templates());
    ASSERT_TRUE(out) << expr << ": " << out.error();
    EXPECT_TRUE(out->empty()) << expr << " is reachable from a script";
  }
  const auto exec = lua.call(script("function on_event() os.execute('touch /tmp/pwned') end"), "ticket.created", {},
                             templates());
  ASSERT_FALSE(exec);
  EXPECT_NE(exec.error().find("attempt to index a nil value (global 'os')"), std::string::npos) << exec.error();
}

TEST(LuaSandbox, BytecodeIsRefused) {
  LuaSandbox lua;
  const std::string bytecode = "\x1bLua\x54\x00garbage";
  EXPECT_NE(lua.check(LuaScript{"evil.lua", bytecode}, templates()).find("attempt to load a binary chunk"),
            std::string::npos);
}

TEST(LuaSandbox, ScriptsCannotTouchEachOthersGlobals) {
  LuaSandbox lua;
  const auto a = script("string.upper = nil\nshared = 1\nfunction on_event() end");
  const auto b = script(R"(
function on_event(e, t, api)
  if shared == nil and string.upper ~= nil then api.add_tag("isolated") end
end)");
  ASSERT_TRUE(lua.call(a, "ticket.created", {}, templates()));
  const auto out = lua.call(b, "ticket.created", {}, templates());
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->size(), 1u);
}

TEST(LuaSandbox, ScriptWithoutOnEventIsAnError) {
  LuaSandbox lua;
  EXPECT_EQ(lua.check(LuaScript{"x.lua", "local a = 1"}, templates()),
            "x.lua: the script must define function on_event(event, ticket, api)");
  EXPECT_EQ(lua.check(LuaScript{"x.lua", "function on_event( end"}, templates()),
            "x.lua:1: <name> or '...' expected near 'end'");
}

TEST(LuaSandbox, AFailingScriptDoesNotStopOtherRules) {
  const auto dir = std::filesystem::temp_directory_path() / ("frontdesk-lua-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "spin.lua") << "function on_event() while true do end end\n";
  std::ofstream(dir / "tag.lua") << "function on_event(e, t, api) api.add_tag('lua') end\n";
  const auto set = load_rule_text("r.yaml", R"(
- {name: runaway, on: ticket.created, lua: spin.lua}
- {name: yaml after it, on: ticket.created, then: [{add_tag: yaml}]}
- {name: lua after it, on: ticket.created, lua: tag.lua}
)",
                                  testing::templates_with({}), dir);
  LuaSandbox lua({.memory_per_call = 8u << 20, .memory_total = 64u << 20, .instructions = 100'000});
  const auto out = evaluate(*set, Event::ticket_created, {}, {false, &lua});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_NE(out[0].lua_error.find("instruction budget exceeded"), std::string::npos);
  EXPECT_EQ(set->find("runaway")->lua_errors.load(), 1u);
  EXPECT_EQ(out[1].actions.at(0).describe(), "add_tag: yaml");
  EXPECT_EQ(out[2].actions.at(0).describe(), "add_tag: lua");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frontdesk::rules
