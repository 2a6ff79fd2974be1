// SPDX-License-Identifier: Apache-2.0
// The budgeted string.find/match/gmatch/gsub against Lua's own: same results and the same
// errors on a table of cases and on random patterns; then hostile patterns through the
// sandbox, stopped by the step budget.
#include "test_helpers.hpp"

#include "rules/lua_patterns.hpp"
#include "rules/lua_sandbox.hpp"

#include <lua.hpp>

#include <chrono>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace frontdesk::rules {
namespace {

// Each function serialises what the library call returned (or raised), so two states can
// be compared as text. The chunk name is the same in both, so error locations are too.
constexpr const char* kHarness = R"(
local function ser(...)
  local parts = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    parts[i] = type(v) == "string" and string.format("%q", v) or math.type(v) or tostring(v)
    if type(v) == "number" then parts[i] = parts[i] .. " " .. tostring(v) end
  end
  return select("#", ...) .. ": " .. table.concat(parts, ", ")
end
local function guarded(f, ...)
  local out = table.pack(pcall(f, ...))
  if not out[1] then return "error: " .. tostring(out[2]) end
  return ser(table.unpack(out, 2, out.n))
end
function t_find(s, p, i, plain) return guarded(string.find, s, p, i, plain) end
function t_method_find(s, p) return guarded(function() return s:find(p) end) end
function t_match(s, p, i) return guarded(string.match, s, p, i) end
function t_gmatch(s, p, i)
  return guarded(function()
    local out, it = {}, string.gmatch(s, p, i)
    for _ = 1, 200 do
      local r = table.pack(it())
      if r[1] == nil then break end
      out[#out + 1] = ser(table.unpack(r, 1, r.n))
    end
    return table.concat(out, " | ")
  end)
end
local replacements = {
  table = {a = "[A]", b = false, ab = 42, x = {}, ["1"] = "one"},
  ["function"] = function(...)
    local first = ...
    if first == "b" then return nil end
    if first == "x" then return {} end
    if first == "" then return false end
    return "<" .. ser(...) .. ">"
  end,
}
function t_gsub(s, p, kind, r, n)
  local repl = replacements[kind]
  if repl == nil then repl = r end
  return guarded(string.gsub, s, p, repl, n)
end
)";

class PatternStates : public ::testing::Test {
 protected:
  void SetUp() override {
    real_ = open(false);
    budgeted_ = open(true);
  }
  void TearDown() override {
    lua_close(real_);
    lua_close(budgeted_);
  }

  lua_State* open(bool budgeted) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (budgeted) {
      lua_getglobal(L, "string");
      install_budgeted_patterns(L, -1, &budget_);
      lua_pop(L, 1);
    }
    if (luaL_loadbuffer(L, kHarness, std::strlen(kHarness), "=harness") != LUA_OK ||
        lua_pcall(L, 0, 0, 0) != LUA_OK) {
      ADD_FAILURE() << lua_tostring(L, -1);
    }
    return L;
  }

  using Arg = std::optional<std::variant<std::string, lua_Integer, bool>>;

  static std::string call(lua_State* L, const char* function, const std::vector<Arg>& args) {
    lua_getglobal(L, function);
    for (const auto& arg : args) {
      if (!arg) {
        lua_pushnil(L);
      } else if (const auto* s = std::get_if<std::string>(&*arg)) {
        lua_pushlstring(L, s->data(), s->size());
      } else if (const auto* i = std::get_if<lua_Integer>(&*arg)) {
        lua_pushinteger(L, *i);
      } else {
        lua_pushboolean(L, std::get<bool>(*arg) ? 1 : 0);
      }
    }
    if (lua_pcall(L, static_cast<int>(args.size()), 1, 0) != LUA_OK)
      return std::string("harness: ") + lua_tostring(L, -1);
    std::string out = lua_tostring(L, -1);
    lua_pop(L, 1);
    return out;
  }

  // Runs `function` in both states; returns the real result for tests that check it too.
  std::string same(const char* function, const std::vector<Arg>& args) {
    budget_.steps = 1'000'000'000;
    const auto expected = call(real_, function, args);
    const auto actual = call(budgeted_, function, args);
    EXPECT_EQ(actual, expected) << describe(function, args);
    ++compared_;
    return expected;
  }

  static std::string describe(const char* function, const std::vector<Arg>& args) {
    std::string out = std::string(function) + "(";
    for (const auto& arg : args) {
      if (!arg) {
        out += "nil";
      } else if (const auto* s = std::get_if<std::string>(&*arg)) {
        out += "\"" + *s + "\"";
      } else if (const auto* i = std::get_if<lua_Integer>(&*arg)) {
        out += std::to_string(*i);
      } else {
        out += std::get<bool>(*arg) ? "true" : "false";
      }
      out += ", ";
    }
    return out + ")";
  }

  // Every library function on one subject and pattern.
  void all(const std::string& s, const std::string& p) {
    for (const Arg& init :
         {Arg{}, Arg{lua_Integer{1}}, Arg{lua_Integer{2}}, Arg{lua_Integer{-2}}}) {
      same("t_find", {s, p, init, Arg{}});
      same("t_match", {s, p, init});
      same("t_gmatch", {s, p, init});
    }
    same("t_find", {s, p, Arg{}, true});
    same("t_method_find", {s, p});
    for (const char* kind : {"table", "function"})
      same("t_gsub", {s, p, std::string(kind), Arg{}, Arg{}});
    for (const char* text : {"<%0>", "%1-%1", "%%", "x%2", "%", "%a", ""}) {
      same("t_gsub", {s, p, std::string("string"), std::string(text), Arg{}});
    }
    same("t_gsub", {s, p, std::string("string"), std::string("#"), lua_Integer{1}});
    same("t_gsub", {s, p, std::string("string"), lua_Integer{7}, Arg{}});
  }

  PatternBudget budget_;
  lua_State* real_ = nullptr;
  lua_State* budgeted_ = nullptr;
  int compared_ = 0;
};

TEST_F(PatternStates, TableOfCasesMatchesLua) {
  const std::vector<std::pair<std::string, std::string>> cases{
      // literals, empty pattern and subject, anchors
      {"hello world", "o w"},
      {"hello", ""},
      {"", ""},
      {"", "a"},
      {"", "^$"},
      {"abc", "^abc$"},
      {"abc", "^b"},
      {"abc", "c$"},
      {"a$b", "$b"},
      {"a^b", "a^b"},
      {"abc", "$"},
      {"abc", "^"},
      {"^abc", "^^a"},
      // classes and their complements
      {"Ab1 _.\t\n\x01~", "%a+"},
      {"Ab1 _.\t", "%A+"},
      {"x\x01\x7f", "%c"},
      {"a1b22", "%d+"},
      {"a1b22", "%D+"},
      {" \t!x", "%g"},
      {"ABcD", "%l+"},
      {"ab,c.", "%p"},
      {"ab,c.", "%P+"},
      {"a \t\nb", "%s+"},
      {"a \tb", "%S+"},
      {"abCD", "%u+"},
      {"ab_1 c", "%w+"},
      {"ab_1", "%W"},
      {"0x1fG", "%x+"},
      {"0x1fG", "%X"},
      {"a.b", "%."},
      {"a%b", "%%"},
      {"a(b)", "%(.-%)"},
      {"a]b", "%]"},
      // sets
      {"hello", "[aeiou]+"},
      {"hello", "[^aeiou]+"},
      {"a-z", "[a%-z]+"},
      {"b-", "[-b]+"},
      {"x]y", "[]]"},
      {"x]y", "[^]]+"},
      {"a1_", "[%w_]+"},
      {"a1_", "[^%d]+"},
      {"az09", "[a-c0-5]+"},
      {"abc", "[c-a]"},
      {"a-", "[a-]+"},
      {"^x", "[%^x]+"},
      {"^x", "[x^]+"},
      {"abc", "[abc"},
      {"abc", "[a%"},
      {"abc", "[^"},
      {"abc", "["},
      {"abc", "[%"},
      // quantifiers
      {"aaab", "a*"},
      {"aaab", "a*b"},
      {"aaab", "a+"},
      {"b", "a+b"},
      {"aaab", "a-b"},
      {"aaab", "a-"},
      {"ab", "a?b"},
      {"b", "a?b"},
      {"aab", "a?a?a?b"},
      {"<a><b>", "<.->"},
      {"<a><b>", "<.*>"},
      {"x*y", "x*%*"},
      {"abc", "*a"},
      {"abc", "+"},
      {"abc", "-"},
      {"abc", "?"},
      // captures
      {"key = value", "(%w+)%s*=%s*(%w+)"},
      {"hello", "()ll()"},
      {"hello", "()"},
      {"hello", "(h)(e)(l)(l)(o)"},
      {"hello", "((h)(e))"},
      {"abc", "(a"},
      {"abc", "a)"},
      {"abc", "(()a)"},
      {"abc", "(a)()%1"},
      {"abcabc", "(abc)%1"},
      {"abab", "(a)(b)%2"},
      {"aa", "%1"},
      {"aa", "(a)%2"},
      {"aa", "(a%1)"},
      {"aa", "%0"},
      {"aa", "()a%1"},
      {"a", "(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))"},
      // %b and %f
      {"f(a(b)c)d", "%b()"},
      {"f(a(b", "%b()"},
      {"x[[y]]", "%b[]"},
      {"aaa", "%baa"},
      {"abc", "%b"},
      {"abc", "%ba"},
      {"THE (quick) fox", "%f[%a]%a+"},
      {"THE (quick) fox", "%f[%A]"},
      {"hello", "%f[%l]"},
      {"hello", "%f[%z]"},
      {"hello", "%f"},
      {"hello", "%fa"},
      {"hello", "%f[a"},
      {"a.b", "%f[%.]"},
      // malformed
      {"abc", "%"},
      {"abc", "a%"},
      {"a%b", "%g%"},
      // embedded zeros
      {std::string("a\0b", 3), std::string("\0", 1)},
      {std::string("a\0b", 3), std::string("[\0]", 3)},
      {std::string("a\0b", 3), "%z"},
      {std::string("a\0b", 3), "%c"}};
  for (const auto& [s, p] : cases) all(s, p);
  // init beyond either end, and zero
  for (const lua_Integer init : {-100, -4, -3, -1, 0, 3, 4, 5, 100}) {
    same("t_find", {std::string("abc"), std::string("b*"), init, Arg{}});
    same("t_find", {std::string("abc"), std::string("c"), init, true});
    same("t_find", {std::string("abc"), std::string(""), init, Arg{}});
    same("t_match", {std::string("abc"), std::string("()"), init});
    same("t_gmatch", {std::string("abc"), std::string(".?"), init});
  }
  // recursion limit and the capture limit
  all(std::string(300, 'a'), std::string(300, 'a') + "?");
  for (int depth = 197; depth <= 201; ++depth) {
    std::string p;
    for (int i = 0; i < depth; ++i) p += "a?";
    all(std::string(250, 'a'), p);
    all(std::string(250, 'a'), std::string(static_cast<std::size_t>(depth), '(') +
                                   std::string(static_cast<std::size_t>(depth), ')'));
  }
  all("a", std::string(40, '(') + "a" + std::string(40, ')'));
  // gsub's max-n and bad replacement arguments
  for (const lua_Integer n : {-1, 0, 1, 2, 100})
    same("t_gsub",
         {std::string("a b c"), std::string("%w"), std::string("string"), std::string("<%0>"), n});
  same("t_gsub", {std::string("abc"), std::string("b"), std::string("none"), Arg{}, Arg{}});
  same("t_gsub", {std::string("abc"), std::string("b"), std::string("none"), true, Arg{}});
  EXPECT_EQ(
      same("t_find", {std::string("key = value"), std::string("(%w+)%s*=%s*(%w+)"), Arg{}, Arg{}}),
      "4: integer 1, integer 11, \"key\", \"value\"");
  EXPECT_EQ(same("t_find", {std::string("abc"), std::string("%"), Arg{}, Arg{}}),
            "error: malformed pattern (ends with '%')");
  EXPECT_EQ(same("t_gsub", {std::string("abc"), std::string("b"), std::string("string"),
                            std::string("%"), Arg{}}),
            "error: invalid use of '%' in replacement string");
  EXPECT_GT(compared_, 2000);
}

TEST_F(PatternStates, RandomPatternsMatchLua) {
  const std::vector<std::string> pieces{
      "a",     "b",     "(",      ")", ".", "%a", "%d", "%s", "[ab]", "[^a]",
      "[a-c]", "*",     "+",      "-", "?", "()", "%1", "%2", "^",    "$",
      "%b()",  "%f[a]", "%f[%W]", "%", "[", "]",  "%b", " ",  "1"};
  const std::string alphabet = "ab(c) 1";
  std::mt19937 rng(20261121);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  int errors = 0;
  int misses = 0;
  int matches = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string pattern;
    for (std::size_t n = 1 + pick(6); n > 0; --n) pattern += pieces[pick(pieces.size())];
    std::string subject;
    for (std::size_t n = pick(12); n > 0; --n) subject += alphabet[pick(alphabet.size())];
    const Arg init = pick(3) == 0 ? Arg{} : Arg{static_cast<lua_Integer>(pick(31)) - 15};
    same("t_find", {subject, pattern, init, pick(8) == 0 ? Arg{true} : Arg{}});
    same("t_match", {subject, pattern, init});
    same("t_gmatch", {subject, pattern, init});
    const auto found = same("t_match", {subject, pattern, Arg{}});
    ++(found.starts_with("error") ? errors : found == "1: nil" ? misses : matches);
    const char* kinds[] = {"string", "table", "function"};
    same("t_gsub",
         {subject, pattern, std::string(kinds[pick(3)]), std::string(pick(2) ? "<%0>" : "%1"),
          pick(4) == 0 ? Arg{static_cast<lua_Integer>(pick(3))} : Arg{}});
    if (HasFailure()) break;
  }
  // The random patterns reach every outcome, not only malformed-pattern errors.
  EXPECT_GT(errors, 500);
  EXPECT_GT(misses, 500);
  EXPECT_GT(matches, 500);
}

TEST_F(PatternStates, TheBudgetStopsAMatchAndStaysSpent) {
  budget_.steps = 1000;
  const auto out =
      call(budgeted_, "t_find", {std::string(100, 'x'), std::string("x*y"), Arg{}, Arg{}});
  EXPECT_EQ(out, std::string("error: ") + kPatternBudgetError);
  EXPECT_EQ(budget_.steps, 0);
  EXPECT_EQ(call(budgeted_, "t_match", {std::string("ab"), std::string("b"), Arg{}}),
            std::string("error: ") + kPatternBudgetError);
  budget_.steps = 1000;
  EXPECT_EQ(call(budgeted_, "t_match", {std::string("ab"), std::string("b"), Arg{}}), "1: \"b\"");
}

// Hostile patterns through the sandbox: each stops on the budget quickly, and the next call
// of the same sandbox works.
std::shared_ptr<const LuaScript> script(std::string source) {
  return std::make_shared<const LuaScript>(LuaScript{"hostile.lua", std::move(source)});
}

Facts message(std::string text) {
  Facts f;
  f[Field::message_text] = Value::of_text(std::move(text));
  return f;
}

const TemplateSet& no_templates() {
  static const TemplateSet set = testing::templates_with({});
  return set;
}

void expect_stopped(LuaSandbox& lua, const std::string& body, const Facts& facts) {
  const auto start = std::chrono::steady_clock::now();
  const auto out = lua.call(script("function on_event(event, ticket, api)\n" + body + "\nend"),
                            "message.received", facts, no_templates());
  ASSERT_FALSE(out) << body;
  EXPECT_EQ(out.error(), std::string("hostile.lua:2: ") + kPatternBudgetError) << body;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << body;
  const auto next = lua.call(
      script(
          "function on_event(e, t, api) if ('abc'):find('b.') == 2 then api.add_tag('ok') end end"),
      "message.received", facts, no_templates());
  ASSERT_TRUE(next) << next.error();
  EXPECT_EQ(next->size(), 1u);
}

TEST(LuaPatternBudget, HostilePatternsAreStopped) {
  LuaSandbox lua;
  const Facts xs = message(std::string(1u << 20, 'x'));
  expect_stopped(lua, "string.find(string.rep('a', 100000), '.-.-.-b')", {});
  expect_stopped(lua, "ticket.message.text:find('x*y')", xs);
  expect_stopped(lua, "for _ in ticket.message.text:gmatch('x*y') do end", xs);
  expect_stopped(lua, "string.match(string.rep('a', 5000), '(a*)(a*)(a*)(a*)b')", {});
  expect_stopped(lua, "string.gsub(string.rep(' ', 100000) .. 'x', '%s+$', '')", {});
  expect_stopped(lua, "string.gsub(ticket.message.text, 'x-y', api.add_tag)", xs);
  expect_stopped(lua, "string.find(string.rep('a', 100000), '(.*)%1b')", {});
}

TEST(LuaPatternBudget, CatchingTheBudgetErrorDoesNotRefillIt) {
  LuaSandbox lua;
  const auto out =
      lua.call(script(R"(function on_event(event, ticket, api)
  local ok, err = pcall(string.find, ticket.message.text, "x*y")
  assert(not ok)
  string.find("abc", "b.")
end)"),
               "message.received", message(std::string(1u << 20, 'x')), no_templates());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error(), std::string("hostile.lua:4: ") + kPatternBudgetError);
}

TEST(LuaPatternBudget, AConfiguredBudgetIsUsed) {
  LuaSandbox lua({.pattern_steps = 100});
  const auto out =
      lua.call(script("function on_event() string.find(string.rep('a', 200), '[b]') end"),
               "ticket.created", {}, no_templates());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error(), std::string("hostile.lua:1: ") + kPatternBudgetError);
}

// A scoring-style script scanning a 1 MB message several times stays within the default.
TEST(LuaPatternBudget, LinearScansOfAMegabyteMessagePass) {
  LuaSandbox lua;
  std::string text;
  while (text.size() < (1u << 20))
    text += "Hello, I was charged twice for my order and want a refund now. ";
  text += "order #12345";
  const auto out = lua.call(script(R"(
function on_event(event, ticket, api)
  local text = ticket.message.text
  if text:find("refund%s+now") then api.add_tag("refund") end
  local _, spaces = text:gsub("%s+", " ")
  if spaces > 100000 then api.add_tag("long") end
  local order = text:match("order #(%d+)$")
  if order == "12345" then api.add_tag("order") end
  if string.find(text, "lawyer", 1, true) then api.add_tag("angry") end
end)"),
                            "message.received", message(text), no_templates());
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0].describe(), "add_tag: refund");
  EXPECT_EQ((*out)[1].describe(), "add_tag: long");
  EXPECT_EQ((*out)[2].describe(), "add_tag: order");
}

}  // namespace
}  // namespace frontdesk::rules
