// SPDX-License-Identifier: Apache-2.0
#include "sla/policy_config.hpp"

#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config_error.hpp"
#include "config/yaml_values.hpp"
#include "core/duration.hpp"

namespace frontdesk::sla {

namespace {

constexpr std::string_view kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr std::string_view kBuiltinCalendar = "24x7";
// Longer targets are almost certainly a typo, and would make add() search far ahead.
constexpr auto kMaxTarget = std::chrono::hours(24 * 366);

std::string join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// "HH:MM" with 00:00..24:00, as minutes after midnight.
std::optional<int> parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto h = parse_number(text.substr(0, 2));
  const auto m = parse_number(text.substr(3, 2));
  if (!h || !m || *h > 24 || *m > 59 || (*h == 24 && *m != 0)) return std::nullopt;
  return *h * 60 + *m;
}

std::optional<date::local_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = parse_number(text.substr(0, 4));
  const auto m = parse_number(text.substr(5, 2));
  const auto d = parse_number(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const date::year_month_day ymd{date::year(*y), date::month(static_cast<unsigned>(*m)),
                                 date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days(ymd);
}

class Compiler {
 public:
  explicit Compiler(const config::SlaConfig& sla) : sla_(sla) {}

  std::shared_ptr<const PolicySet> run() {
    calendars_.emplace(std::string(kBuiltinCalendar), std::make_shared<const Calendar>());
    if (sla_.calendars.IsDefined() && !sla_.calendars.IsNull()) {
      if (!sla_.calendars.IsMap()) {
        fail(sla_.calendars, "sla.calendars", "expected a mapping, got " + config::describe(sla_.calendars));
      } else {
        for (const auto& entry : sla_.calendars) calendar(entry.first, entry.second);
      }
    }
    std::vector<Policy> policies;
    if (sla_.policies.IsDefined() && !sla_.policies.IsNull()) {
      if (!sla_.policies.IsMap()) {
        fail(sla_.policies, "sla.policies", "expected a mapping, got " + config::describe(sla_.policies));
      } else {
        for (const auto& entry : sla_.policies) {
          if (auto p = policy(entry.first, entry.second)) policies.push_back(std::move(*p));
        }
      }
    }
    if (!errors_.empty()) throw config::ConfigError(std::move(errors_));
    return std::make_shared<const PolicySet>(std::move(policies), std::move(calendars_));
  }

 private:
  void fail(const YAML::Node& at, const std::string& path, const std::string& message) {
    errors_.push_back(config::location(sla_.file, at) + ": " + path + ": " + message);
  }

  bool check_keys(const YAML::Node& map, const std::string& path,
                  std::initializer_list<std::string_view> valid) {
    bool ok = true;
    for (const auto& entry : map) {
      const std::string key = entry.first.Scalar();
      bool known = false;
      for (auto v : valid) known = known || key == v;
      if (!known) {
        fail(entry.first, path, "unknown key '" + key + "' (valid: " + join(valid) + ")");
        ok = false;
      }
    }
    return ok;
  }

  void calendar(const YAML::Node& key, const YAML::Node& node) {
    const std::string name = key.Scalar();
    const std::string path = "sla.calendars." + name;
    if (name == kBuiltinCalendar) {
      fail(key, path, "the name '24x7' is built in and cannot be redefined");
      return;
    }
    if (!node.IsMap()) {
      fail(node.IsDefined() && !node.IsNull() ? node : key, path,
           "expected a mapping, got " + config::describe(node));
      return;
    }
    check_keys(node, path, {"time_zone", "hours", "holidays"});
    const date::time_zone* zone = nullptr;
    if (const YAML::Node tz = node["time_zone"]; !tz.IsDefined()) {
      fail(key, path, "time_zone is required (an IANA name such as Europe/Berlin)");
    } else if (!tz.IsScalar()) {
      fail(tz, path + ".time_zone", "expected an IANA time zone name, got " + config::describe(tz));
    } else {
      try {
        zone = date::locate_zone(tz.Scalar());
      } catch (const std::exception&) {
        fail(tz, path + ".time_zone", "unknown time zone '" + tz.Scalar() + "'");
      }
    }
    std::vector<std::vector<OpeningSpan>> week(7);
    const YAML::Node hours = node["hours"];
    if (!hours.IsDefined() || !hours.IsMap()) {
      fail(hours.IsDefined() ? hours : key, path + ".hours",
           "expected a mapping of days (mon..sun) to opening hours such as \"09:00-17:00\"");
    } else {
      check_keys(hours, path + ".hours", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
      for (std::size_t d = 0; d < 7; ++d) {
        if (const YAML::Node day = hours[std::string(kDayNames[d])]; day.IsDefined()) {
          week[d] = spans(day, path + ".hours." + std::string(kDayNames[d]));
        }
      }
      if (const std::string why = validate_week(week); !why.empty()) fail(hours, path + ".hours", why);
    }
    std::set<date::local_days> holidays;
    if (const YAML::Node list = node["holidays"]; list.IsDefined() && !list.IsNull()) {
      if (!list.IsSequence()) {
        fail(list, path + ".holidays", "expected a list of dates (YYYY-MM-DD), got " + config::describe(list));
      } else {
        for (const auto& item : list) {
          const auto day = item.IsScalar() ? parse_date(item.Scalar()) : std::nullopt;
          if (!day) {
            fail(item, path + ".holidays", "expected a date YYYY-MM-DD, got " + config::describe(item));
          } else {
            holidays.insert(*day);
          }
        }
      }
    }
    if (zone != nullptr) {
      calendars_[name] = std::make_shared<const Calendar>(name, zone, std::move(week), std::move(holidays));
    } else {
      calendars_[name] = nullptr;  // known but broken: policies naming it get no second error
    }
  }

  std::vector<OpeningSpan> spans(const YAML::Node& day, const std::string& path) {
    std::vector<OpeningSpan> out;
    if (day.IsScalar() && day.Scalar() == "closed") return out;
    std::vector<YAML::Node> items;
    if (day.IsScalar()) {
      items.push_back(day);
    } else if (day.IsSequence()) {
      for (const auto& item : day) items.push_back(item);
    }
    if (items.empty()) {
      fail(day, path, "expected \"HH:MM-HH:MM\", a list of them, or closed; got " + config::describe(day));
    }
    for (const YAML::Node& item : items) {
      const std::string text = item.IsScalar() ? item.Scalar() : std::string();
      const auto dash = text.find('-');
      const auto opens = dash == std::string::npos ? std::nullopt : parse_clock(std::string_view(text).substr(0, dash));
      const auto closes = dash == std::string::npos ? std::nullopt : parse_clock(std::string_view(text).substr(dash + 1));
      if (!opens || !closes || *opens == 1440) {
        fail(item, path, "expected opening hours \"HH:MM-HH:MM\", got " + config::describe(item));
        continue;
      }
      out.push_back({*opens, *closes});
    }
    return out;
  }

  std::optional<std::chrono::microseconds> duration(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      fail(node, path, "expected a duration such as 15m or 8h, got " + config::describe(node));
      return std::nullopt;
    }
    auto parsed = core::parse_duration(node.Scalar());
    if (!parsed) {
      fail(node, path, parsed.error());
      return std::nullopt;
    }
    if (*parsed <= std::chrono::milliseconds::zero() || *parsed > kMaxTarget) {
      fail(node, path, "a target must be more than 0s and at most 366d");
      return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::microseconds>(*parsed);
  }

  std::vector<std::string> names(const YAML::Node& node, const std::string& path, bool categories) {
    std::vector<std::string> out;
    std::vector<YAML::Node> items;
    if (node.IsScalar()) {
      items.push_back(node);
    } else if (node.IsSequence()) {
      for (const auto& item : node) items.push_back(item);
    }
    if (items.empty()) fail(node, path, "expected a name or a list of names, got " + config::describe(node));
    for (const YAML::Node& item : items) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        fail(item, path, "expected a name, got " + config::describe(item));
      } else if (categories && !core::parse_category(item.Scalar())) {
        fail(item, path, "unknown category '" + item.Scalar() + "' (valid: " +
                             std::string(core::valid_values<core::Category>()) + ")");
      } else {
        out.push_back(item.Scalar());
      }
    }
    return out;
  }

  std::optional<Policy> policy(const YAML::Node& key, const YAML::Node& node) {
    Policy p = builtin_default_policy();
    p.name = key.Scalar();
    const std::string path = "sla.policies." + p.name;
    const std::size_t errors_before = errors_.size();
    if (!node.IsMap()) {
      fail(node.IsDefined() && !node.IsNull() ? node : key, path,
           "expected a mapping, got " + config::describe(node));
      return std::nullopt;
    }
    check_keys(node, path, {"match", "calendar", "warning", "targets"});
    if (const YAML::Node match = node["match"]; match.IsDefined()) {
      if (!match.IsMap()) {
        fail(match, path + ".match", "expected a mapping with category and/or tier, got " + config::describe(match));
      } else {
        check_keys(match, path + ".match", {"category", "tier"});
        if (match["category"].IsDefined()) p.categories = names(match["category"], path + ".match.category", true);
        if (match["tier"].IsDefined()) p.tiers = names(match["tier"], path + ".match.tier", false);
      }
    }
    if (const YAML::Node cal = node["calendar"]; cal.IsDefined()) {
      const auto found = cal.IsScalar() ? calendars_.find(cal.Scalar()) : calendars_.end();
      if (found == calendars_.end()) {
        std::string known;
        for (const auto& [name, c] : calendars_) known += (known.empty() ? "" : ", ") + name;
        fail(cal, path + ".calendar", "unknown calendar " + config::describe(cal) + " (defined: " + known + ")");
      } else {
        p.calendar = found->second;
      }
    }
    if (const YAML::Node warning = node["warning"]; warning.IsDefined()) {
      std::string text = warning.IsScalar() ? warning.Scalar() : std::string();
      if (!text.empty() && text.back() == '%') text.pop_back();
      const auto percent = parse_number(text);
      if (!percent || *percent < 1 || *percent > 99) {
        fail(warning, path + ".warning", "expected a percentage of the target from 1% to 99%, got " +
                                             config::describe(warning));
      } else {
        p.warning_percent = *percent;
      }
    }
    if (const YAML::Node targets = node["targets"]; targets.IsDefined()) {
      if (!targets.IsMap()) {
        fail(targets, path + ".targets", "expected a mapping of priorities, got " + config::describe(targets));
      } else {
        for (const auto& entry : targets) {
          const std::string prio_name = entry.first.Scalar();
          const auto prio = core::parse_priority(prio_name);
          const std::string tpath = path + ".targets." + prio_name;
          if (!prio) {
            fail(entry.first, path + ".targets", "unknown priority '" + prio_name + "' (valid: " +
                                                     std::string(core::valid_values<core::Priority>()) + ")");
            continue;
          }
          if (!entry.second.IsMap()) {
            fail(entry.second, tpath, "expected { first_response: <duration>, resolution: <duration> }");
            continue;
          }
          check_keys(entry.second, tpath, {"first_response", "resolution"});
          Targets& t = p.targets[static_cast<std::size_t>(*prio)];
          if (const YAML::Node fr = entry.second["first_response"]; fr.IsDefined()) {
            if (auto d = duration(fr, tpath + ".first_response")) t.first_response = *d;
          }
          if (const YAML::Node res = entry.second["resolution"]; res.IsDefined()) {
            if (auto d = duration(res, tpath + ".resolution")) t.resolution = *d;
          }
        }
      }
    }
    if (errors_.size() != errors_before || p.calendar == nullptr) return std::nullopt;
    return p;
  }

  const config::SlaConfig& sla_;
  std::vector<std::string> errors_;
  Calendars calendars_;
};

}  // namespace

std::shared_ptr<const PolicySet> compile_policies(const config::SlaConfig& sla) {
  return Compiler(sla).run();
}

}  // namespace frontdesk::sla
