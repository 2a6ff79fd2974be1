// SPDX-License-Identifier: Apache-2.0
// Lua 5.4 string patterns with a step budget. Lua's own matcher runs in C where the
// instruction hook never fires, and it backtracks polynomially: `("x*y"):find` on a hostile
// 1 MB message runs for minutes. These replacements for string.find, string.match,
// string.gmatch and string.gsub behave exactly like Lua's (results and error messages) but
// charge every character test and every backtrack to a budget, and raise
// kPatternBudgetError once it is spent.
#pragma once

#include <cstdint>

struct lua_State;

namespace frontdesk::rules {

inline constexpr const char* kPatternBudgetError =
    "pattern too complex for the text (step budget exceeded)";

// Steps left; shared by every pattern call that uses it. Whoever owns it refills it (the
// sandbox does so before each call); at zero every pattern call fails.
struct PatternBudget {
  std::int64_t steps = 0;
};

// Replaces find, match, gmatch and gsub in the table at `table_index` (the string library)
// with versions that charge `budget`, which must outlive the state.
void install_budgeted_patterns(lua_State* L, int table_index, PatternBudget* budget);

}  // namespace frontdesk::rules
