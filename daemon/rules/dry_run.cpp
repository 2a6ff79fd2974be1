// SPDX-License-Identifier: Apache-2.0
#include "rules/dry_run.hpp"

#include "core/duration.hpp"

#include <boost/json.hpp>

namespace frontdesk::rules {

namespace {

namespace json = boost::json;

std::string valid_keys(std::string_view group) {
  std::string out;
  const std::string prefix = std::string(group) + ".";
  for (const auto& f : kFields) {
    if (f.name.substr(0, prefix.size()) != prefix) continue;
    if (!out.empty()) out += ", ";
    out += f.name.substr(prefix.size());
  }
  return out;
}

std::optional<std::string> set_value(Facts& facts, Field field, const json::value& v) {
  const std::string name(field_name(field));
  if (v.is_null()) {
    facts[field] = {};
    return std::nullopt;
  }
  switch (field_kind(field)) {
    case ValueKind::text:
      if (v.is_string()) {
        facts[field] = Value::of_text(std::string(v.as_string()));
        return std::nullopt;
      }
      if (v.is_number()) {  // event.old/new may carry numbers, e.g. a rating
        facts[field] = Value::of_text(json::serialize(v));
        return std::nullopt;
      }
      return name + " must be a string";
    case ValueKind::number:
      if (!v.is_number()) return name + " must be a number";
      facts[field] = Value::of_number(v.to_number<double>());
      return std::nullopt;
    case ValueKind::boolean:
      if (!v.is_bool()) return name + " must be true or false";
      facts[field] = Value::of_bool(v.as_bool());
      return std::nullopt;
    case ValueKind::time: {
      std::int64_t ms = 0;
      if (!v.is_string() || !parse_iso_time(v.as_string(), ms)) return name + " must be an ISO 8601 UTC time";
      facts[field] = Value::of_time(ms);
      return std::nullopt;
    }
    case ValueKind::duration: {
      const auto d = v.is_string() ? core::parse_duration(v.as_string()) : core::parse_duration("");
      if (!d) return name + ": " + d.error();
      facts[field] = Value::of_duration(d->count());
      return std::nullopt;
    }
    case ValueKind::list: {
      if (!v.is_array()) return name + " must be a list of strings";
      std::vector<std::string> items;
      for (const auto& item : v.as_array()) {
        if (!item.is_string()) return name + " must be a list of strings";
        items.emplace_back(item.as_string());
      }
      facts[field] = Value::of_list(std::move(items));
      return std::nullopt;
    }
    case ValueKind::null: break;
  }
  return name + ": unsupported";
}

std::optional<std::string> read_group(Facts& facts, std::string_view group, const json::value& v) {
  if (!v.is_object()) return std::string(group) + " must be an object";
  for (const auto& [key, value] : v.as_object()) {
    const std::string name = std::string(group) + "." + std::string(key);
    const auto field = parse_field(name);
    if (!field) return "unknown field '" + name + "' (valid " + std::string(group) + " keys: " + valid_keys(group) + ")";
    if (auto error = set_value(facts, *field, value)) return error;
  }
  return std::nullopt;
}

}  // namespace

core::Expected<TestEvent, std::string> parse_test_event(const json::value& root, std::int64_t now_ms) {
  if (!root.is_object()) return core::Unexpected(std::string("the event file must hold a JSON object"));
  TestEvent out;
  bool have_event = false;
  bool age_given = false, idle_given = false;
  for (const auto& [key, value] : root.as_object()) {
    std::optional<std::string> error;
    if (key == "event") {
      const json::value* name = &value;
      if (value.is_object()) {
        name = value.as_object().if_contains("name");
        json::object rest = value.as_object();
        rest.erase("name");
        error = read_group(out.facts, "event", rest);
      }
      const auto event = name && name->is_string() ? parse_event(name->as_string()) : std::nullopt;
      if (!event) {
        return core::Unexpected("\"event\" must name an event (valid: " + event_names() + ")");
      }
      out.event = *event;
      out.facts[Field::event_name] = Value::of_text(std::string(event_name(*event)));
      have_event = true;
    } else if (key == "ticket" || key == "message" || key == "customer" || key == "agent" || key == "incident") {
      error = read_group(out.facts, key, value);
      if (key == "ticket" && value.is_object()) {
        age_given = value.as_object().contains("age");
        idle_given = value.as_object().contains("idle");
      }
    } else if (key == "channel") {
      error = set_value(out.facts, Field::channel, value);
    } else if (key == "now") {
      if (!value.is_string() || !parse_iso_time(value.as_string(), now_ms)) error = "\"now\" must be an ISO 8601 UTC time";
    } else {
      error = "unknown key '" + std::string(key) + "' (valid: event, ticket, message, customer, agent, incident, channel, now)";
    }
    if (error) return core::Unexpected(std::move(*error));
  }
  if (!have_event) return core::Unexpected(std::string("the event file needs \"event\""));
  const Value age = out.facts[Field::ticket_age];
  const Value idle = out.facts[Field::ticket_idle];
  out.facts.derive_times(now_ms);
  if (age_given) out.facts[Field::ticket_age] = age;
  if (idle_given) out.facts[Field::ticket_idle] = idle;
  if (out.facts[Field::channel].is_null()) out.facts[Field::channel] = out.facts[Field::ticket_channel];
  return out;
}

std::string format_outcome(const RuleOutcome& o) {
  if (!o.matched) return "SKIP " + o.rule->name + ": " + o.failed;
  std::string line = "MATCH " + o.rule->name;
  std::string actions;
  for (const auto& a : o.actions) {
    if (!actions.empty()) actions += "; ";
    actions += a.describe();
  }
  if (!o.lua_error.empty()) actions += (actions.empty() ? "" : "; ") + std::string("lua error: ") + o.lua_error;
  if (!actions.empty()) line += " => " + actions;
  return line;
}

json::value outcome_json(const RuleOutcome& o) {
  json::array actions;
  for (const auto& a : o.actions) actions.emplace_back(a.describe());
  json::object out{{"rule", o.rule->name}, {"matched", o.matched}, {"actions", std::move(actions)}};
  if (!o.matched) out["failed"] = o.failed;
  if (!o.lua_error.empty()) out["luaError"] = o.lua_error;
  return out;
}

}  // namespace frontdesk::rules
