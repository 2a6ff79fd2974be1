// SPDX-License-Identifier: Apache-2.0
#include "rules/lua_sandbox.hpp"

#include <lua.hpp>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace frontdesk::rules {

struct LuaSandbox::CallContext {
  const TemplateCatalog* templates = nullptr;
  const std::string* script_path = nullptr;
  std::vector<Action> actions;
};

namespace {

// No setmetatable/getmetatable: a __gc finalizer would run Lua code during a later garbage
// collection, outside any call's instruction budget.
constexpr std::array<const char*, 14> kSafeBase{"assert", "error",    "ipairs",   "next", "pairs",
                                                "pcall",  "rawequal", "rawget",   "rawlen", "select",
                                                "tonumber", "tostring", "type",   "xpcall"};
constexpr std::array<const char*, 4> kSafeLibs{"string", "table", "math", "utf8"};
constexpr const char* kSafeKey = "frontdesk.safe";

// Once the budget is spent the hook fires on every instruction, so a script that catches
// the error with pcall is stopped again at its next instruction and cannot loop on.
void budget_hook(lua_State* L, lua_Debug*) {
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
  luaL_error(L, "instruction budget exceeded");
}

// Lua value → YAML node, so api.<action>(value) compiles exactly like the YAML form.
YAML::Node to_yaml(lua_State* L, int index, int depth) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TSTRING: return YAML::Node(std::string(lua_tostring(L, index)));
    case LUA_TBOOLEAN: return YAML::Node(lua_toboolean(L, index) ? "true" : "false");
    case LUA_TNUMBER: {
      if (lua_isinteger(L, index)) return YAML::Node(std::to_string(lua_tointeger(L, index)));
      return YAML::Node(std::to_string(lua_tonumber(L, index)));
    }
    case LUA_TTABLE: {
      if (depth > 4) return YAML::Node();
      YAML::Node out;
      const auto n = static_cast<lua_Integer>(lua_rawlen(L, index));
      if (n > 0) {
        for (lua_Integer i = 1; i <= n; ++i) {
          lua_rawgeti(L, index, i);
          out.push_back(to_yaml(L, -1, depth + 1));
          lua_pop(L, 1);
        }
        return out;
      }
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING) out[std::string(lua_tostring(L, -2))] = to_yaml(L, -1, depth + 1);
        lua_pop(L, 1);
      }
      return out;
    }
    default: return YAML::Node();
  }
}

// api.<name>(value): upvalue 1 is the sandbox's CallContext slot, 2 the action name.
int api_action(lua_State* L) {
  auto* slot = static_cast<LuaSandbox::CallContext**>(lua_touserdata(L, lua_upvalueindex(1)));
  const char* name = lua_tostring(L, lua_upvalueindex(2));
  LuaSandbox::CallContext* ctx = slot ? *slot : nullptr;
  bool failed = false;
  if (ctx == nullptr) {
    lua_pushstring(L, "api functions work only inside on_event");
    failed = true;
  } else {
    std::string error;
    try {
      const YAML::Node arg = lua_isnoneornil(L, 1) ? YAML::Node() : to_yaml(L, 1, 0);
      ctx->actions.push_back(compile_action(*ctx->script_path, name, arg, YAML::Node(), *ctx->templates));
    } catch (const CompileError& e) {
      error = "api." + std::string(name) + ": " + e.error().message;
    } catch (const std::exception& e) {
      error = "api." + std::string(name) + ": " + e.what();
    }
    if (!error.empty()) {
      lua_pushlstring(L, error.data(), error.size());
      failed = true;
    }
  }
  // Raised outside the C++ scopes above, so the longjmp skips no destructor.
  if (failed) return lua_error(L);
  return 0;
}

void set_field(lua_State* L, const char* key, const Value& v) {
  switch (v.kind) {
    case ValueKind::null: return;
    case ValueKind::boolean: lua_pushboolean(L, v.boolean); break;
    case ValueKind::number: lua_pushnumber(L, v.number); break;
    case ValueKind::text: lua_pushlstring(L, v.text.data(), v.text.size()); break;
    case ValueKind::time:
    case ValueKind::duration: lua_pushinteger(L, v.millis / 1000); break;  // seconds
    case ValueKind::list:
      lua_createtable(L, static_cast<int>(v.list.size()), 0);
      for (std::size_t i = 0; i < v.list.size(); ++i) {
        lua_pushlstring(L, v.list[i].data(), v.list[i].size());
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
      }
      break;
  }
  lua_setfield(L, -2, key);
}

// Which Lua table a field goes into and under which key ("ticket.priority" → ticket,
// "priority"), computed once so a call does no string work to lay out its arguments.
enum class Group : std::uint8_t { event, ticket, customer, message, none };

struct FieldSlot {
  Group group = Group::none;
  std::string key;
};

const std::array<FieldSlot, kFieldCount>& field_slots() {
  static const auto slots = [] {
    std::array<FieldSlot, kFieldCount> out;
    constexpr std::array<std::pair<std::string_view, Group>, 4> prefixes{
        {{"event.", Group::event}, {"ticket.", Group::ticket}, {"customer.", Group::customer},
         {"message.", Group::message}}};
    for (std::size_t i = 0; i < kFieldCount; ++i) {
      const auto name = kFields[i].name;
      for (const auto& [prefix, group] : prefixes) {
        if (name.substr(0, prefix.size()) == prefix) out[i] = {group, std::string(name.substr(prefix.size()))};
      }
    }
    return out;
  }();
  return slots;
}

// Pushes a table of the facts in `group` that have a value.
void push_group(lua_State* L, const Facts& facts, Group group, int size_hint) {
  lua_createtable(L, 0, size_hint);
  const auto& slots = field_slots();
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (slots[i].group == group && !facts.values[i].is_null()) set_field(L, slots[i].key.c_str(), facts.values[i]);
  }
}

}  // namespace

void* LuaSandbox::allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) noexcept {
  auto* self = static_cast<LuaSandbox*>(ud);
  const std::size_t old_bytes = ptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    self->used_ -= old_bytes;
    return nullptr;
  }
  if (new_size > old_bytes && self->used_ - old_bytes + new_size > self->cap_) return nullptr;
  void* fresh = std::realloc(ptr, new_size);
  if (fresh) self->used_ = self->used_ - old_bytes + new_size;
  return fresh;
}

LuaSandbox::LuaSandbox(LuaLimits limits) : limits_(limits), cap_(limits.memory_total) {
  L_ = lua_newstate(&LuaSandbox::allocate, this);
  if (!L_) throw std::bad_alloc();
  luaL_requiref(L_, "_G", luaopen_base, 1);
  luaL_requiref(L_, "string", luaopen_string, 1);
  luaL_requiref(L_, "table", luaopen_table, 1);
  luaL_requiref(L_, "math", luaopen_math, 1);
  luaL_requiref(L_, "utf8", luaopen_utf8, 1);
  lua_pop(L_, 5);
  // No bytecode can be produced, pattern matching is budgeted (the string metatable's
  // __index is this same table, so s:find() is too), and scripts cannot reach the shared
  // string metatable.
  lua_getglobal(L_, "string");
  lua_pushnil(L_);
  lua_setfield(L_, -2, "dump");
  install_budgeted_patterns(L_, -1, &pattern_budget_);
  lua_pop(L_, 1);
  lua_pushliteral(L_, "");
  lua_getmetatable(L_, -1);
  lua_pushliteral(L_, "locked");
  lua_setfield(L_, -2, "__metatable");
  lua_pop(L_, 2);
  // The allow-list every script environment is copied from.
  lua_newtable(L_);
  for (const char* name : kSafeBase) {
    lua_getglobal(L_, name);
    lua_setfield(L_, -2, name);
  }
  for (const char* name : kSafeLibs) {
    lua_getglobal(L_, name);
    lua_setfield(L_, -2, name);
  }
  lua_setfield(L_, LUA_REGISTRYINDEX, kSafeKey);
}

LuaSandbox::~LuaSandbox() {
  if (L_) lua_close(L_);
}

std::string LuaSandbox::protected_call(int nargs) {
  cap_ = std::min(used_ + limits_.memory_per_call, limits_.memory_total);
  pattern_budget_.steps = limits_.pattern_steps;
  lua_sethook(L_, budget_hook, LUA_MASKCOUNT, limits_.instructions);
  const int rc = lua_pcall(L_, nargs, 0, 0);
  lua_sethook(L_, nullptr, 0, 0);
  std::string error;
  if (rc != LUA_OK) {
    error = rc == LUA_ERRMEM ? std::string("memory limit exceeded")
                             : std::string(lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "error object is not a string");
    lua_pop(L_, 1);
  }
  cap_ = limits_.memory_total;
  if (rc == LUA_ERRMEM) lua_gc(L_, LUA_GCCOLLECT);
  return error;
}

std::string LuaSandbox::load(const LuaScript& script, int& ref) {
  const std::string chunk_name = "@" + script.path;
  if (luaL_loadbufferx(L_, script.source.data(), script.source.size(), chunk_name.c_str(), "t") != LUA_OK) {
    std::string error = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "cannot load script";
    lua_pop(L_, 1);
    return error;
  }
  // The script's own environment: copies of the allowed functions and libraries, so a
  // script that overwrites string.upper changes only its own copy.
  lua_newtable(L_);
  lua_getfield(L_, LUA_REGISTRYINDEX, kSafeKey);
  lua_pushnil(L_);
  while (lua_next(L_, -2) != 0) {
    if (lua_istable(L_, -1)) {
      lua_newtable(L_);
      lua_pushnil(L_);
      while (lua_next(L_, -3) != 0) {
        lua_pushvalue(L_, -2);
        lua_insert(L_, -2);
        lua_settable(L_, -4);
      }
      lua_remove(L_, -2);
    }
    lua_pushvalue(L_, -2);
    lua_insert(L_, -2);
    lua_settable(L_, -5);
  }
  lua_pop(L_, 1);                     // the allow-list
  lua_pushvalue(L_, -1);
  const int env_ref = luaL_ref(L_, LUA_REGISTRYINDEX);
  lua_setupvalue(L_, -2, 1);          // the chunk's _ENV
  if (auto error = protected_call(0); !error.empty()) {
    luaL_unref(L_, LUA_REGISTRYINDEX, env_ref);
    return error;
  }
  lua_rawgeti(L_, LUA_REGISTRYINDEX, env_ref);
  luaL_unref(L_, LUA_REGISTRYINDEX, env_ref);
  lua_getfield(L_, -1, "on_event");
  if (!lua_isfunction(L_, -1)) {
    lua_pop(L_, 2);
    return script.path + ": the script must define function on_event(event, ticket, api)";
  }
  ref = luaL_ref(L_, LUA_REGISTRYINDEX);
  lua_pop(L_, 1);
  return {};
}

std::string LuaSandbox::check(const LuaScript& script, const TemplateCatalog&) {
  int ref = LUA_NOREF;
  auto error = load(script, ref);
  luaL_unref(L_, LUA_REGISTRYINDEX, ref);
  return error;
}

core::Expected<std::vector<Action>, std::string> LuaSandbox::call(const std::shared_ptr<const LuaScript>& script,
                                                                  std::string_view event, const Facts& facts,
                                                                  const TemplateCatalog& templates) {
  auto it = loaded_.find(script.get());
  if (it != loaded_.end() && it->second.script.expired()) {
    // A reload freed the old script and a new one landed at the same address.
    luaL_unref(L_, LUA_REGISTRYINDEX, it->second.function_ref);
    luaL_unref(L_, LUA_REGISTRYINDEX, it->second.api_ref);
    loaded_.erase(it);
    it = loaded_.end();
  }
  if (it == loaded_.end()) {
    for (auto stale = loaded_.begin(); stale != loaded_.end();) {
      if (stale->second.script.expired()) {
        luaL_unref(L_, LUA_REGISTRYINDEX, stale->second.function_ref);
        luaL_unref(L_, LUA_REGISTRYINDEX, stale->second.api_ref);
        stale = loaded_.erase(stale);
      } else {
        ++stale;
      }
    }
    int ref = LUA_NOREF;
    if (auto error = load(*script, ref); !error.empty()) return core::Unexpected(error);
    // Each script gets its own api table, so one script cannot replace another's.
    lua_createtable(L_, 0, 14);
    for (std::size_t i = 0; i <= static_cast<std::size_t>(ActionKind::stop); ++i) {
      const auto name = action_name(static_cast<ActionKind>(i));
      lua_pushlightuserdata(L_, &context_);
      lua_pushlstring(L_, name.data(), name.size());
      lua_pushcclosure(L_, api_action, 2);
      lua_setfield(L_, -2, std::string(name).c_str());
    }
    const int api_ref = luaL_ref(L_, LUA_REGISTRYINDEX);
    it = loaded_.emplace(script.get(), Loaded{script, ref, api_ref}).first;
  }
  CallContext ctx;
  ctx.templates = &templates;
  ctx.script_path = &script->path;
  context_ = &ctx;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, it->second.function_ref);
  push_group(L_, facts, Group::event, 8);
  lua_pushlstring(L_, event.data(), event.size());
  lua_setfield(L_, -2, "name");
  push_group(L_, facts, Group::ticket, 20);
  push_group(L_, facts, Group::customer, 4);
  lua_setfield(L_, -2, "customer");
  push_group(L_, facts, Group::message, 5);
  lua_setfield(L_, -2, "message");
  lua_rawgeti(L_, LUA_REGISTRYINDEX, it->second.api_ref);
  auto error = protected_call(3);
  context_ = nullptr;
  if (!error.empty()) return core::Unexpected(std::move(error));
  return std::move(ctx.actions);
}

}  // namespace frontdesk::rules
