// SPDX-License-Identifier: Apache-2.0
// One sandboxed Lua 5.4 state (use one per worker thread): allow-listed libraries only
// (base without load/loadfile/dofile/print/collectgarbage, string without dump, table,
// math, utf8), a separate environment per script, text chunks only, an instruction budget,
// a pattern-matching step budget and a memory cap per call, and every call through lua_pcall.
#pragma once

#include "core/expected.hpp"
#include "rules/action.hpp"
#include "rules/fields.hpp"
#include "rules/lua_patterns.hpp"
#include "rules/rule.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct lua_State;

namespace frontdesk::rules {

struct LuaLimits {
  std::size_t memory_per_call = 8u << 20;  // bytes a call may add to the state
  std::size_t memory_total = 64u << 20;    // the state as a whole
  int instructions = 1'000'000;            // VM instructions per call
  // Character tests and backtracks of string.find/match/gmatch/gsub per call, shared by all
  // of them (they run in C, out of the instruction hook's sight). A linear scan costs about
  // two steps per byte, so a 1 MB message is scanned several times over.
  std::int64_t pattern_steps = 10'000'000;
};

class LuaSandbox {
 public:
  explicit LuaSandbox(LuaLimits limits = {});
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  // Loads `script` into a fresh environment and checks it defines on_event. Returns the
  // error text ("path:line: message"), or empty when the script is usable.
  [[nodiscard]] std::string check(const LuaScript& script, const TemplateCatalog& templates);

  // Calls on_event(event, ticket, api) and returns the actions the script asked for, or
  // the error that stopped it (a runtime error, the budget, the memory cap, a bad action).
  [[nodiscard]] core::Expected<std::vector<Action>, std::string> call(
      const std::shared_ptr<const LuaScript>& script, std::string_view event, const Facts& facts,
      const TemplateCatalog& templates);

  // Bytes the state holds now (for tests of the memory cap).
  [[nodiscard]] std::size_t memory_in_use() const noexcept { return used_; }

  struct CallContext;  // what api.* functions write into during one call

 private:
  static void* allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) noexcept;

  // Loads the chunk into its own environment and leaves on_event's registry ref in `ref`.
  std::string load(const LuaScript& script, int& ref);
  std::string protected_call(int nargs);

  LuaLimits limits_;
  std::size_t used_ = 0;
  std::size_t cap_ = 0;  // current allocation ceiling
  PatternBudget pattern_budget_;
  lua_State* L_ = nullptr;
  CallContext* context_ = nullptr;

  struct Loaded {
    std::weak_ptr<const LuaScript> script;
    int function_ref;
    int api_ref;
  };
  std::map<const LuaScript*, Loaded> loaded_;
};

}  // namespace frontdesk::rules
