// SPDX-License-Identifier: Apache-2.0
#include "rules/lua_patterns.hpp"

#include <lua.hpp>

#include <array>
#include <cctype>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>

namespace frontdesk::rules {
namespace {

// Lua's limits: LUA_MAXCAPTURES captures, MAXCCALLS nested matcher calls.
constexpr int kMaxCaptures = 32;
constexpr int kMaxDepth = 200;
constexpr std::ptrdiff_t kUnfinished = -1;
constexpr std::ptrdiff_t kPosition = -2;
constexpr char kEscape = '%';

// A pattern error or the spent budget. Lua errors are longjmps, so the matcher throws this
// instead and the Lua functions raise it once no C++ frame with a destructor is left.
struct PatternError {
  std::array<char, 96> text{};
};

[[noreturn]] void fail(const char* message) {
  PatternError error;
  std::snprintf(error.text.data(), error.text.size(), "%s", message);
  throw error;
}

[[noreturn]] void fail_capture_index(int index) {
  PatternError error;
  std::snprintf(error.text.data(), error.text.size(), "invalid capture index %%%d", index);
  throw error;
}

unsigned char uchar(char c) {
  return static_cast<unsigned char>(c);
}

// %a, %d, ... (upper case: the complement); any other character after '%' stands for itself.
bool class_matches(unsigned char c, unsigned char cls) {
  int found = 0;
  switch (std::tolower(cls)) {
    case 'a':
      found = std::isalpha(c);
      break;
    case 'c':
      found = std::iscntrl(c);
      break;
    case 'd':
      found = std::isdigit(c);
      break;
    case 'g':
      found = std::isgraph(c);
      break;
    case 'l':
      found = std::islower(c);
      break;
    case 'p':
      found = std::ispunct(c);
      break;
    case 's':
      found = std::isspace(c);
      break;
    case 'u':
      found = std::isupper(c);
      break;
    case 'w':
      found = std::isalnum(c);
      break;
    case 'x':
      found = std::isxdigit(c);
      break;
    case 'z':
      found = c == 0 ? 1 : 0;
      break;  // deprecated in Lua 5.2 but still accepted
    default:
      return cls == c;
  }
  return std::isupper(cls) ? found == 0 : found != 0;
}

// Does `c` belong to the set from '[' at `p` to its closing ']' at `close`?
bool set_matches(unsigned char c, const char* p, const char* close) {
  bool inside = true;
  if (p[1] == '^') {
    inside = false;
    ++p;
  }
  while (++p < close) {
    if (*p == kEscape) {
      ++p;
      if (class_matches(c, uchar(*p))) return inside;
    } else if (p[1] == '-' && p + 2 < close) {
      p += 2;
      if (uchar(p[-2]) <= c && c <= uchar(*p)) return inside;
    } else if (uchar(*p) == c) {
      return inside;
    }
  }
  return !inside;
}

// One match attempt of a pattern on a subject. Trivially destructible on purpose: the Lua
// functions hold it while calling Lua, which may longjmp over their frames.
class Matcher {
 public:
  struct Capture {
    const char* init;
    std::ptrdiff_t len;
  };

  Matcher(const char* subject, std::size_t subject_len, const char* pattern,
          std::size_t pattern_len, PatternBudget* budget)
      : src_(subject),
        src_end_(subject + subject_len),
        pat_end_(pattern + pattern_len),
        budget_(budget) {}

  // Matches the pattern from `p` (past any '^') at `s`: the end of the match, or nullptr.
  const char* match_at(const char* s, const char* p) {
    level_ = 0;
    depth_ = kMaxDepth;
    return match(s, p);
  }

  [[nodiscard]] int level() const { return level_; }
  [[nodiscard]] const Capture& capture(int i) const {
    return captures_[static_cast<std::size_t>(i)];
  }
  [[nodiscard]] const char* subject() const { return src_; }

 private:
  void charge(std::int64_t steps = 1) {
    if (budget_->steps < steps) {
      budget_->steps = 0;
      fail(kPatternBudgetError);
    }
    budget_->steps -= steps;
  }

  const char* match(const char* s, const char* p) {
    if (depth_-- == 0) fail("pattern too complex");
    charge();
    const char* end = match_here(s, p);
    ++depth_;
    return end;
  }

  const char* match_here(const char* s, const char* p) {
    for (;;) {
      if (p == pat_end_) return s;
      switch (*p) {
        case '(':
          if (p + 1 < pat_end_ && p[1] == ')') return open_capture(s, p + 2, kPosition);
          return open_capture(s, p + 1, kUnfinished);
        case ')':
          return close_capture(s, p + 1);
        case '$':
          if (p + 1 == pat_end_) return s == src_end_ ? s : nullptr;
          break;  // a '$' elsewhere is an ordinary character
        case kEscape:
          if (p + 1 == pat_end_) break;  // class_end reports it
          if (p[1] == 'b') {
            s = balanced(s, p + 2);
            if (s == nullptr) return nullptr;
            p += 4;
            continue;
          }
          if (p[1] == 'f') {
            p += 2;
            if (p == pat_end_ || *p != '[') fail("missing '[' after '%f' in pattern");
            const char* ep = class_end(p);
            charge();
            const auto previous = s == src_ ? '\0' : uchar(s[-1]);
            const auto current = s < src_end_ ? uchar(*s) : '\0';
            if (set_matches(previous, p, ep - 1) || !set_matches(current, p, ep - 1))
              return nullptr;
            p = ep;
            continue;
          }
          if (std::isdigit(uchar(p[1]))) {
            s = back_reference(s, p[1]);
            if (s == nullptr) return nullptr;
            p += 2;
            continue;
          }
          break;
        default:
          break;
      }
      const char* ep = class_end(p);
      const char quantifier = ep < pat_end_ ? *ep : '\0';
      if (!single_match(s, p, ep)) {
        if (quantifier == '*' || quantifier == '?' || quantifier == '-') {
          p = ep + 1;
          continue;
        }
        return nullptr;
      }
      switch (quantifier) {
        case '?':
          if (const char* end = match(s + 1, ep + 1)) return end;
          p = ep + 1;
          continue;
        case '+':
          return max_expand(s + 1, p, ep);
        case '*':
          return max_expand(s, p, ep);
        case '-':
          return min_expand(s, p, ep);
        default:
          ++s;
          p = ep;
          continue;
      }
    }
  }

  // The end of the single-character class starting at `p`.
  const char* class_end(const char* p) const {
    const char c = *p++;
    if (c == kEscape) {
      if (p == pat_end_) fail("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c == '[') {
      if (p < pat_end_ && *p == '^') ++p;
      do {  // the first character of a set is never its end, so "[]]" is a set of ']'
        if (p == pat_end_) fail("malformed pattern (missing ']')");
        if (*p++ == kEscape && p < pat_end_) ++p;
      } while (p == pat_end_ || *p != ']');
      return p + 1;
    }
    return p;
  }

  bool single_match(const char* s, const char* p, const char* ep) {
    charge();
    if (s >= src_end_) return false;
    const auto c = uchar(*s);
    switch (*p) {
      case '.':
        return true;
      case kEscape:
        return class_matches(c, uchar(p[1]));
      case '[':
        return set_matches(c, p, ep - 1);
      default:
        return uchar(*p) == c;
    }
  }

  const char* max_expand(const char* s, const char* p, const char* ep) {
    std::ptrdiff_t count = 0;
    while (single_match(s + count, p, ep)) ++count;
    for (; count >= 0; --count) {
      if (const char* end = match(s + count, ep + 1)) return end;
    }
    return nullptr;
  }

  const char* min_expand(const char* s, const char* p, const char* ep) {
    for (;; ++s) {
      if (const char* end = match(s, ep + 1)) return end;
      if (!single_match(s, p, ep)) return nullptr;
    }
  }

  const char* open_capture(const char* s, const char* p, std::ptrdiff_t kind) {
    if (level_ >= kMaxCaptures) fail("too many captures");
    captures_[static_cast<std::size_t>(level_++)] = {s, kind};
    const char* end = match(s, p);
    if (end == nullptr) --level_;
    return end;
  }

  const char* close_capture(const char* s, const char* p) {
    int open = level_ - 1;
    while (open >= 0 && capture(open).len != kUnfinished) --open;
    if (open < 0) fail("invalid pattern capture");
    auto& cap = captures_[static_cast<std::size_t>(open)];
    cap.len = s - cap.init;
    const char* end = match(s, p);
    if (end == nullptr) cap.len = kUnfinished;
    return end;
  }

  // %bxy at `p` (pointing at x): a balanced run from x to its matching y.
  const char* balanced(const char* s, const char* p) {
    if (p + 1 >= pat_end_) fail("malformed pattern (missing arguments to '%b')");
    charge();
    if (s >= src_end_ || *s != *p) return nullptr;
    const char open = p[0];
    const char close = p[1];
    int depth = 1;
    while (++s < src_end_) {
      charge();
      if (*s == close) {
        if (--depth == 0) return s + 1;
      } else if (*s == open) {
        ++depth;
      }
    }
    return nullptr;
  }

  const char* back_reference(const char* s, char digit) {
    const int index = digit - '1';
    if (index < 0 || index >= level_ || capture(index).len == kUnfinished)
      fail_capture_index(index + 1);
    const auto& cap = capture(index);
    if (cap.len == kPosition) return nullptr;  // a position capture equals no text
    charge(1 + cap.len);
    const auto len = static_cast<std::size_t>(cap.len);
    if (static_cast<std::size_t>(src_end_ - s) < len || std::memcmp(cap.init, s, len) != 0)
      return nullptr;
    return s + len;
  }

  const char* src_;
  const char* src_end_;
  const char* pat_end_;
  PatternBudget* budget_;
  int level_ = 0;
  int depth_ = kMaxDepth;
  std::array<Capture, kMaxCaptures> captures_{};
};
static_assert(std::is_trivially_destructible_v<Matcher>);

// Runs one attempt, turning a pattern error into `error` so the caller can raise it.
bool attempt(Matcher& m, const char* s, const char* p, const char*& end,
             PatternError& error) noexcept {
  try {
    end = m.match_at(s, p);
    return true;
  } catch (const PatternError& e) {
    error = e;
    return false;
  }
}

int raise(lua_State* L, const PatternError& error) {
  return luaL_error(L, "%s", error.text.data());
}

PatternBudget* budget_of(lua_State* L) {
  return static_cast<PatternBudget*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// A 1-based, possibly negative Lua position → 0-based offset (may be past the end).
std::size_t start_offset(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos) - 1;
  if (pos == 0 || pos < -static_cast<lua_Integer>(len)) return 0;
  return len - static_cast<std::size_t>(-pos);
}

bool has_specials(const char* p, std::size_t len) {
  return std::string_view(p, len).find_first_of("^$*+?.([%-") != std::string_view::npos;
}

// Capture `i` of the match [s, e); the whole match when the pattern has no captures.
void push_capture(lua_State* L, const Matcher& m, int i, const char* s, const char* e) {
  if (i >= m.level()) {
    if (i != 0) {
      luaL_error(L, "invalid capture index %%%d", i + 1);
      return;
    }
    lua_pushlstring(L, s, static_cast<std::size_t>(e - s));
    return;
  }
  const auto& cap = m.capture(i);
  if (cap.len == kUnfinished) {
    luaL_error(L, "unfinished capture");
    return;
  }
  if (cap.len == kPosition) {
    lua_pushinteger(L, cap.init - m.subject() + 1);
  } else {
    lua_pushlstring(L, cap.init, static_cast<std::size_t>(cap.len));
  }
}

// All captures (or the whole match when `s` is set and there are none); returns how many.
int push_captures(lua_State* L, const Matcher& m, const char* s, const char* e) {
  const int count = (m.level() == 0 && s != nullptr) ? 1 : m.level();
  luaL_checkstack(L, count, "too many captures");
  for (int i = 0; i < count; ++i) push_capture(L, m, i, s, e);
  return count;
}

int find_or_match(lua_State* L, bool find) {
  std::size_t ls = 0;
  std::size_t lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const std::size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
    // Plain text: linear, so it needs no budget.
    if (const auto* hit = static_cast<const char*>(memmem(s + init, ls - init, p, lp))) {
      lua_pushinteger(L, hit - s + 1);
      lua_pushinteger(L, static_cast<lua_Integer>(static_cast<std::size_t>(hit - s) + lp));
      return 2;
    }
    luaL_pushfail(L);
    return 1;
  }
  Matcher m(s, ls, p, lp, budget_of(L));
  const bool anchored = lp > 0 && *p == '^';
  const char* pattern = p + (anchored ? 1 : 0);
  const char* start = s + init;
  const char* end = nullptr;
  PatternError error;
  for (;;) {
    if (!attempt(m, start, pattern, end, error)) return raise(L, error);
    if (end != nullptr || anchored || start == s + ls) break;
    ++start;
  }
  if (end == nullptr) {
    luaL_pushfail(L);
    return 1;
  }
  if (!find) return push_captures(L, m, start, end);
  lua_pushinteger(L, start - s + 1);
  lua_pushinteger(L, end - s);
  return push_captures(L, m, nullptr, nullptr) + 2;
}

int str_find(lua_State* L) {
  return find_or_match(L, true);
}
int str_match(lua_State* L) {
  return find_or_match(L, false);
}

// Where a gmatch iterator goes on; `last_end` keeps an empty match from repeating at the
// end of the previous one.
struct GmatchState {
  std::size_t next;
  std::ptrdiff_t last_end;
};

// Upvalues: subject, pattern, GmatchState, budget.
int gmatch_step(lua_State* L) {
  std::size_t ls = 0;
  std::size_t lp = 0;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  auto* state = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  Matcher m(s, ls, p, lp, static_cast<PatternBudget*>(lua_touserdata(L, lua_upvalueindex(4))));
  PatternError error;
  for (std::size_t pos = state->next; pos <= ls; ++pos) {
    const char* end = nullptr;
    if (!attempt(m, s + pos, p, end, error)) return raise(L, error);
    if (end != nullptr && end - s != state->last_end) {
      state->last_end = end - s;
      state->next = static_cast<std::size_t>(end - s);
      return push_captures(L, m, s + pos, end);
    }
  }
  state->next = ls + 1;
  return 0;
}

// gmatch ignores a leading '^': an anchor would stop the iteration, so it is a literal.
int str_gmatch(lua_State* L) {
  std::size_t ls = 0;
  luaL_checklstring(L, 1, &ls);
  luaL_checklstring(L, 2, nullptr);
  std::size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) init = ls + 1;
  lua_settop(L, 2);
  auto* state = static_cast<GmatchState*>(lua_newuserdatauv(L, sizeof(GmatchState), 0));
  *state = {init, -1};
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, gmatch_step, 4);
  return 1;
}

// Appends the replacement string (argument 3) with %0-%9 and %% expanded.
void add_replacement_text(lua_State* L, luaL_Buffer* b, const Matcher& m, const char* s,
                          const char* e) {
  std::size_t len = 0;
  const char* text = lua_tolstring(L, 3, &len);
  const char* text_end = text + len;
  while (const auto* pct = static_cast<const char*>(
             std::memchr(text, kEscape, static_cast<std::size_t>(text_end - text)))) {
    luaL_addlstring(b, text, static_cast<std::size_t>(pct - text));
    const char c = pct + 1 < text_end ? pct[1] : '\0';
    if (c == kEscape) {
      luaL_addchar(b, kEscape);
    } else if (c == '0') {
      luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
    } else if (std::isdigit(uchar(c))) {
      push_capture(L, m, c - '1', s, e);
      luaL_tolstring(L, -1, nullptr);
      lua_remove(L, -2);
      luaL_addvalue(b);
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", kEscape);
      return;
    }
    text = pct + 2;
  }
  luaL_addlstring(b, text, static_cast<std::size_t>(text_end - text));
}

// Appends the replacement for the match [s, e); false when it kept the original text.
bool add_replacement(lua_State* L, luaL_Buffer* b, const Matcher& m, const char* s, const char* e,
                     int kind) {
  switch (kind) {
    case LUA_TFUNCTION: {
      lua_pushvalue(L, 3);
      const int n = push_captures(L, m, s, e);
      lua_call(L, n, 1);
      break;
    }
    case LUA_TTABLE:
      push_capture(L, m, 0, s, e);
      lua_gettable(L, 3);
      break;
    default:
      add_replacement_text(L, b, m, s, e);
      return true;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
    return false;
  }
  if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    return false;
  }
  luaL_addvalue(b);
  return true;
}

int str_gsub(lua_State* L) {
  std::size_t ls = 0;
  std::size_t lp = 0;
  const char* src = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const int kind = lua_type(L, 3);
  const lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
  luaL_argexpected(
      L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
      3, "string/function/table");
  const bool anchored = lp > 0 && *p == '^';
  const char* pattern = p + (anchored ? 1 : 0);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  Matcher m(src, ls, p, lp, budget_of(L));
  PatternError error;
  const char* s = src;
  const char* const src_end = src + ls;
  const char* last_end = nullptr;
  lua_Integer n = 0;
  bool changed = false;
  while (n < max_n) {
    const char* end = nullptr;
    if (!attempt(m, s, pattern, end, error)) return raise(L, error);
    if (end != nullptr && end != last_end) {
      ++n;
      changed = add_replacement(L, &b, m, s, end, kind) || changed;
      s = last_end = end;
    } else if (s < src_end) {
      luaL_addchar(&b, *s++);
    } else {
      break;
    }
    if (anchored) break;
  }
  if (changed) {
    luaL_addlstring(&b, s, static_cast<std::size_t>(src_end - s));
    luaL_pushresult(&b);
  } else {
    lua_pushvalue(L, 1);
  }
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

void install_budgeted_patterns(lua_State* L, int table_index, PatternBudget* budget) {
  table_index = lua_absindex(L, table_index);
  constexpr std::array<std::pair<const char*, lua_CFunction>, 4> kFunctions{
      {{"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub}}};
  for (const auto& [name, function] : kFunctions) {
    lua_pushlightuserdata(L, budget);
    lua_pushcclosure(L, function, 1);
    lua_setfield(L, table_index, name);
  }
}

}  // namespace frontdesk::rules
