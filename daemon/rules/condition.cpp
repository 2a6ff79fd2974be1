// SPDX-License-Identifier: Apache-2.0
#include "rules/condition.hpp"

#include "core/duration.hpp"
#include "core/status.hpp"
#include "core/ticket_enums.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>

namespace frontdesk::rules {

namespace {

constexpr std::array<std::string_view, 11> kOpNames{"eq", "ne", "in", "not_in", "contains", "matches",
                                                    "gt", "gte", "lt", "lte", "exists"};

std::optional<Op> parse_op(std::string_view name) {
  for (std::size_t i = 0; i < kOpNames.size(); ++i) {
    if (kOpNames[i] == name) return static_cast<Op>(i);
  }
  return std::nullopt;
}

std::string_view op_name(Op op) { return kOpNames[static_cast<std::size_t>(op)]; }

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, std::string message) {
  throw CompileError(Location::of(file, node), std::move(message));
}

std::string kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::boolean: return "a boolean";
    case ValueKind::number: return "a number";
    case ValueKind::text: return "text";
    case ValueKind::time: return "a time";
    case ValueKind::duration: return "a duration";
    case ValueKind::list: return "a list";
    case ValueKind::null: break;
  }
  return "nothing";
}

// The closed vocabularies some text fields hold; a typo there would never match.
std::optional<std::string_view> enum_values(Field f) {
  switch (f) {
    case Field::ticket_category: return core::category_values();
    case Field::ticket_priority: return core::priority_values();
    case Field::ticket_status: return core::status_values();
    case Field::message_author: return core::message_author_values();
    case Field::agent_availability: return core::availability_values();
    case Field::ticket_resolution_type: return core::resolution_type_values();
    default: return std::nullopt;
  }
}

bool enum_accepts(Field f, std::string_view v) {
  switch (f) {
    case Field::ticket_category: return core::parse_category(v).has_value();
    case Field::ticket_priority: return core::parse_priority(v).has_value();
    case Field::ticket_status: return core::parse_status(v).has_value();
    case Field::message_author: return core::parse_message_author(v).has_value();
    case Field::agent_availability: return core::parse_availability(v).has_value();
    case Field::ticket_resolution_type: return core::parse_resolution_type(v).has_value();
    default: return true;
  }
}

// One scalar operand read as the type of `field` (list fields take text elements).
Value scalar_operand(const std::string& file, const YAML::Node& node, Field field) {
  if (!node.IsScalar()) fail(file, node, "expected a single value for " + std::string(field_name(field)));
  const std::string& s = node.Scalar();
  ValueKind kind = field_kind(field);
  if (kind == ValueKind::list) kind = ValueKind::text;
  switch (kind) {
    case ValueKind::text: {
      if (!enum_accepts(field, s)) {
        fail(file, node, "'" + s + "' is not a valid " + std::string(field_name(field)) +
                             " (valid: " + std::string(*enum_values(field)) + ")");
      }
      return Value::of_text(s);
    }
    case ValueKind::number: {
      double d = 0;
      const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec != std::errc() || ptr != s.data() + s.size()) {
        fail(file, node, std::string(field_name(field)) + " is a number; '" + s + "' is not");
      }
      return Value::of_number(d);
    }
    case ValueKind::boolean: {
      if (s == "true") return Value::of_bool(true);
      if (s == "false") return Value::of_bool(false);
      fail(file, node, std::string(field_name(field)) + " is a boolean; expected true or false, got '" + s + "'");
    }
    case ValueKind::duration: {
      const auto d = core::parse_duration(s);
      if (!d) fail(file, node, d.error());
      return Value::of_duration(d->count());
    }
    case ValueKind::time: {
      std::int64_t ms = 0;
      if (!parse_iso_time(s, ms)) {
        fail(file, node, std::string(field_name(field)) + " is a time; expected ISO 8601 UTC like 2026-01-31T09:00:00Z, got '" + s + "'");
      }
      return Value::of_time(ms);
    }
    case ValueKind::list:
    case ValueKind::null: break;
  }
  fail(file, node, "unsupported operand");
}

Condition compile_leaf(const std::string& file, const YAML::Node& node) {
  Condition c;
  c.kind = Condition::Kind::leaf;
  c.where = Location::of(file, node);
  const YAML::Node field_node = node["field"];
  if (!field_node.IsScalar()) fail(file, node, "a condition needs 'field' and one operator");
  const auto field = parse_field(field_node.Scalar());
  if (!field) {
    fail(file, field_node, "unknown field '" + field_node.Scalar() + "' (valid: " + field_names() + ")");
  }
  c.field = *field;
  const ValueKind kind = field_kind(*field);
  std::optional<Op> op;
  YAML::Node operand;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "field") continue;
    const auto parsed = parse_op(key);
    if (!parsed) {
      fail(file, kv.first, "unknown operator '" + key + "' (valid: " + operator_names() + ")");
    }
    if (op) fail(file, kv.first, "a condition takes one operator; use all/any to combine");
    op = parsed;
    operand = kv.second;
  }
  if (!op) fail(file, node, "condition on " + field_node.Scalar() + " has no operator (valid: " + operator_names() + ")");
  c.op = *op;
  const std::string fname(field_name(*field));
  auto require = [&](bool ok, std::string why) {
    if (!ok) fail(file, operand, std::string(op_name(*op)) + " " + why + "; " + fname + " is " + kind_name(kind));
  };
  switch (*op) {
    case Op::eq:
    case Op::ne:
      require(kind != ValueKind::list, "compares single values (use contains or in for a list)");
      c.operand = scalar_operand(file, operand, *field);
      c.text = fname + " " + std::string(op_name(*op)) + " " + to_display(c.operand);
      break;
    case Op::in:
    case Op::not_in: {
      require(kind == ValueKind::text || kind == ValueKind::number || kind == ValueKind::list,
              "needs a text, number or list field");
      if (!operand.IsSequence() || operand.size() == 0) fail(file, operand, std::string(op_name(*op)) + " needs a non-empty list");
      std::vector<std::string> shown;
      for (const auto& item : operand) {
        c.set.push_back(scalar_operand(file, item, *field));
        shown.push_back(to_display(c.set.back()));
      }
      c.text = fname + " " + std::string(op_name(*op)) + " " + to_display(Value::of_list(shown));
      break;
    }
    case Op::contains:
      require(kind == ValueKind::text || kind == ValueKind::list, "needs a text or list field");
      if (!operand.IsScalar()) fail(file, operand, "contains needs a single value");
      c.operand = Value::of_text(operand.Scalar());
      c.text = fname + " contains " + operand.Scalar();
      break;
    case Op::matches: {
      require(kind == ValueKind::text, "needs a text field");
      if (!operand.IsScalar()) fail(file, operand, "matches needs a regular expression");
      try {
        c.regex = std::make_shared<const boost::regex>(operand.Scalar(), boost::regex::perl);
      } catch (const boost::regex_error& e) {
        fail(file, operand, "bad regular expression '" + operand.Scalar() + "': " + e.what());
      }
      c.text = fname + " matches \"" + operand.Scalar() + "\"";
      break;
    }
    case Op::gt:
    case Op::gte:
    case Op::lt:
    case Op::lte:
      require(kind == ValueKind::number || kind == ValueKind::time || kind == ValueKind::duration,
              "compares numbers, times or durations");
      c.operand = scalar_operand(file, operand, *field);
      c.text = fname + " " + std::string(op_name(*op)) + " " + to_display(c.operand);
      break;
    case Op::exists: {
      if (!operand.IsScalar() || (operand.Scalar() != "true" && operand.Scalar() != "false")) {
        fail(file, operand, "exists takes true or false");
      }
      c.operand = Value::of_bool(operand.Scalar() == "true");
      c.text = fname + (c.operand.boolean ? " exists" : " does not exist");
      break;
    }
  }
  return c;
}

bool text_in(const std::vector<Value>& set, const std::string& s) {
  for (const auto& v : set) {
    if (v.text == s) return true;
  }
  return false;
}

bool leaf_holds(const Condition& c, const Facts& facts) {
  const Value& v = facts[c.field];
  if (c.op == Op::exists) return v.is_null() != c.operand.boolean;
  if (v.is_null()) return c.op == Op::ne || c.op == Op::not_in;
  switch (c.op) {
    case Op::eq:
    case Op::ne: {
      bool same = false;
      switch (v.kind) {
        case ValueKind::text: same = v.text == c.operand.text; break;
        case ValueKind::number: same = v.number == c.operand.number; break;
        case ValueKind::boolean: same = v.boolean == c.operand.boolean; break;
        case ValueKind::time:
        case ValueKind::duration: same = v.millis == c.operand.millis; break;
        default: break;
      }
      return (c.op == Op::eq) == same;
    }
    case Op::in:
    case Op::not_in: {
      bool found = false;
      if (v.kind == ValueKind::text) {
        found = text_in(c.set, v.text);
      } else if (v.kind == ValueKind::number) {
        for (const auto& s : c.set) found = found || s.number == v.number;
      } else if (v.kind == ValueKind::list) {
        for (const auto& item : v.list) found = found || text_in(c.set, item);
      }
      return (c.op == Op::in) == found;
    }
    case Op::contains:
      if (v.kind == ValueKind::list) {
        for (const auto& item : v.list) {
          if (item == c.operand.text) return true;
        }
        return false;
      }
      return v.text.find(c.operand.text) != std::string::npos;
    case Op::matches:
      return boost::regex_search(v.text, *c.regex);
    case Op::gt:
    case Op::gte:
    case Op::lt:
    case Op::lte: {
      const double a = v.kind == ValueKind::number ? v.number : static_cast<double>(v.millis);
      const double b = c.operand.kind == ValueKind::number ? c.operand.number : static_cast<double>(c.operand.millis);
      switch (c.op) {
        case Op::gt: return a > b;
        case Op::gte: return a >= b;
        case Op::lt: return a < b;
        default: return a <= b;
      }
    }
    case Op::exists: break;
  }
  return false;
}

}  // namespace

std::string operator_names() {
  std::string out;
  for (auto n : kOpNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

Condition compile_condition(const std::string& file, const YAML::Node& node) {
  if (!node.IsMap()) fail(file, node, "a condition is a mapping: all, any, not, or {field, <operator>}");
  if (node["field"]) return compile_leaf(file, node);
  if (node.size() != 1) fail(file, node, "a condition group has exactly one of all, any, not");
  const auto kv = *node.begin();
  const std::string key = kv.first.Scalar();
  Condition c;
  c.where = Location::of(file, node);
  if (key == "all" || key == "any") {
    c.kind = key == "all" ? Condition::Kind::all : Condition::Kind::any;
    if (!kv.second.IsSequence() || kv.second.size() == 0) fail(file, kv.second, key + " needs a non-empty list of conditions");
    for (const auto& child : kv.second) c.children.push_back(compile_condition(file, child));
    c.text = key + " of (";
    for (std::size_t i = 0; i < c.children.size(); ++i) {
      if (i) c.text += ", ";
      c.text += c.children[i].text;
    }
    c.text += ")";
    return c;
  }
  if (key == "not") {
    c.kind = Condition::Kind::not_;
    c.children.push_back(compile_condition(file, kv.second));
    c.text = "not (" + c.children.front().text + ")";
    return c;
  }
  fail(file, kv.first, "unknown condition '" + key + "' (valid: all, any, not, or field with one of " + operator_names() + ")");
}

bool Condition::evaluate(const Facts& facts) const {
  switch (kind) {
    case Kind::leaf: return leaf_holds(*this, facts);
    case Kind::all:
      for (const auto& c : children) {
        if (!c.evaluate(facts)) return false;
      }
      return true;
    case Kind::any:
      for (const auto& c : children) {
        if (c.evaluate(facts)) return true;
      }
      return false;
    case Kind::not_: return !children.front().evaluate(facts);
  }
  return false;
}

const Condition* Condition::first_failure(const Facts& facts) const {
  if (evaluate(facts)) return nullptr;
  if (kind == Kind::all) {
    for (const auto& c : children) {
      if (const auto* f = c.first_failure(facts)) return f;
    }
  }
  return this;
}

std::size_t Condition::leaf_count() const {
  if (kind == Kind::leaf) return 1;
  std::size_t n = 0;
  for (const auto& c : children) n += c.leaf_count();
  return n;
}

}  // namespace frontdesk::rules
