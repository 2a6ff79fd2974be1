// SPDX-License-Identifier: Apache-2.0
#include "status/page_html.hpp"

#include <cstdio>
#include <ctime>
#include <optional>

namespace frontdesk::status {

namespace {

namespace json = boost::json;
using web::Data;
using web::PageLocale;
using web::Site;

constexpr int kUptimeDecimals = 2;

std::string str(const json::value* v) { return v != nullptr && v->is_string() ? std::string(v->get_string()) : ""; }

std::string str(const json::object& o, std::string_view key) { return str(o.if_contains(key)); }

// "2026-05-12T14:03:00.123Z" or "2026-05-12" (UTC, as fd_iso and the day lists write them).
std::optional<std::time_t> utc(const std::string& text) {
  std::tm tm{};
  int n = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 || n != 10) {
    return std::nullopt;
  }
  if (text.size() > 10 && std::sscanf(text.c_str() + 10, "T%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 3) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

// The page's words and number formats in one locale.
class Words {
 public:
  Words(const Site& site, const PageLocale& locale) : m_(site.messages()), locale_(locale.locale) {}

  [[nodiscard]] std::string text(std::string_view key) const { return m_.text(locale_, key); }
  [[nodiscard]] std::string label(std::string_view kind, std::string_view value) const {
    return text(std::string(kind) + "_" + std::string(value));
  }
  [[nodiscard]] std::string format(std::string_view key, const std::vector<std::string>& args) const {
    return m_.format(locale_, key, args);
  }
  [[nodiscard]] std::string day(const std::string& iso) const {
    const auto t = utc(iso);
    return t ? m_.date(locale_, *t) : iso;
  }
  [[nodiscard]] std::string when(const std::string& iso) const {
    const auto t = utc(iso);
    return t ? format("status_time_utc", {m_.date_time(locale_, *t)}) : iso;
  }
  [[nodiscard]] std::string percent(double ratio) const { return m_.percent(locale_, ratio, kUptimeDecimals); }

 private:
  const web::Catalogues& m_;
  std::string locale_;
};

// "API, Website" from [{id, name}], or "" when the list is empty.
std::string names(const json::value* list) {
  std::string out;
  if (list == nullptr || !list->is_array()) return out;
  for (const auto& c : list->get_array()) {
    if (!c.is_object()) continue;
    out += (out.empty() ? "" : ", ") + str(c.get_object(), "name");
  }
  return out;
}

void set_if(Data& data, const std::string& key, const std::string& value) {
  if (!value.empty()) data.set(key, value);
}

// A day's bar: how it looks (up, minor, partial, down, none) and what it says.
Data uptime_day(const json::object& day, const Words& w) {
  Data bar = Data::type::object;
  const auto date = w.day(str(day, "date"));
  const auto* ratio = day.if_contains("ratio");
  if (ratio == nullptr || ratio->is_null()) {
    bar.set("level", "none");
    bar.set("alt", w.format("status_day_no_data", {date}));
    return bar;
  }
  const double r = ratio->to_number<double>();
  bar.set("level", r >= 1.0 ? "up" : r >= 0.99 ? "minor" : r >= 0.9 ? "partial" : "down");
  bar.set("alt", w.format("status_day_uptime", {date, w.percent(r)}));
  return bar;
}

Data component(const json::object& c, const Words& w) {
  Data out = Data::type::object;
  const auto name = str(c, "name");
  const auto status = str(c, "status");
  out.set("id", "component-" + std::to_string(c.at("id").to_number<std::int64_t>()));
  out.set("name", name);
  set_if(out, "description", str(c, "description"));
  out.set("status", status);
  out.set("status_label", w.label("component", status));
  out.set("uptime_caption", w.format("status_uptime_caption", {name}));
  Data days = Data::type::list;
  const auto& uptime = c.at("uptime").as_object();
  if (const auto* list = uptime.if_contains("days"); list != nullptr && list->is_array()) {
    for (const auto& day : list->get_array()) days.push_back(uptime_day(day.as_object(), w));
  }
  out.set("days", days);
  const auto* ratio = uptime.if_contains("ratio");
  out.set("uptime_label", ratio == nullptr || ratio->is_null()
                              ? w.text("status_uptime_no_data")
                              : w.format("status_uptime", {w.percent(ratio->to_number<double>())}));
  return out;
}

Data sections(const json::array& list, const Words& w, Data& subscribable) {
  Data out = Data::type::list;
  for (const auto& value : list) {
    const auto& s = value.as_object();
    Data section = Data::type::object;
    if (const auto group = str(s, "group"); !group.empty()) {
      const auto status = str(s, "status");
      section.set("group", group);
      section.set("group_status", status);
      section.set("group_status_label", w.label("component", status));
    }
    Data components = Data::type::list;
    for (const auto& c : s.at("components").as_array()) {
      const auto& co = c.as_object();
      components.push_back(component(co, w));
      Data choice = Data::type::object;
      choice.set("id", "subscribe-" + std::to_string(co.at("id").to_number<std::int64_t>()));
      choice.set("name", str(co, "name"));
      subscribable.push_back(choice);
    }
    section.set("components", components);
    out.push_back(section);
  }
  return out;
}

Data incident(const json::object& i, const Words& w) {
  Data out = Data::type::object;
  const auto impact = str(i, "impact");
  out.set("anchor", "incident-" + std::to_string(i.at("id").to_number<std::int64_t>()));
  out.set("title", str(i, "title"));
  out.set("impact", impact);
  out.set("impact_label", w.label("impact", impact));
  set_if(out, "components", names(i.if_contains("components")));
  Data updates = Data::type::list;
  for (const auto& value : i.at("updates").as_array()) {
    const auto& u = value.as_object();
    Data update = Data::type::object;
    update.set("status_label", w.label("incident", str(u, "status")));
    update.set("message", str(u, "message"));
    update.set("iso", str(u, "createdAt"));
    update.set("when", w.when(str(u, "createdAt")));
    updates.push_back(update);
  }
  out.set("updates", updates);
  return out;
}

Data maintenance(const json::object& m, const Words& w) {
  Data out = Data::type::object;
  const auto status = str(m, "status");
  out.set("anchor", "maintenance-" + std::to_string(m.at("id").to_number<std::int64_t>()));
  out.set("title", str(m, "title"));
  out.set("status", status);
  out.set("status_label", w.label("maintenance", status));
  set_if(out, "message", str(m, "message"));
  set_if(out, "components", names(m.if_contains("components")));
  out.set("starts_iso", str(m, "startsAt"));
  out.set("ends_iso", str(m, "endsAt"));
  out.set("starts", w.when(str(m, "startsAt")));
  out.set("ends", w.when(str(m, "endsAt")));
  return out;
}

Data history(const json::array& days, const Words& w) {
  Data out = Data::type::list;
  for (const auto& value : days) {
    const auto& d = value.as_object();
    Data day = Data::type::object;
    day.set("date", w.day(str(d, "date")));
    day.set("iso", str(d, "date"));
    Data incidents = Data::type::list;
    for (const auto& iv : d.at("incidents").as_array()) {
      const auto& i = iv.as_object();
      Data item = Data::type::object;
      const auto impact = str(i, "impact");
      item.set("title", str(i, "title"));
      item.set("impact", impact);
      item.set("impact_label", w.label("impact", impact));
      item.set("status_label", w.label("incident", str(i, "status")));
      if (const auto resolved = str(i, "resolvedAt"); !resolved.empty()) {
        item.set("resolved", w.format("status_resolved_at", {w.when(resolved)}));
      }
      incidents.push_back(item);
    }
    day.set("has_incidents", !incidents.list_value().empty());
    day.set("incidents", incidents);
    out.push_back(day);
  }
  return out;
}

Data list_of(const json::value* items, Data (*one)(const json::object&, const Words&), const Words& w) {
  Data out = Data::type::list;
  if (items == nullptr || !items->is_array()) return out;
  for (const auto& value : items->get_array()) out.push_back(one(value.as_object(), w));
  return out;
}

Data base(const Site& site, const PageLocale& locale, std::string_view page_name, const std::string& title) {
  Data data = Data::type::object;
  const Words w(site, locale);
  data.set("title", title);
  data.set("title_suffix", false);
  Data home = Data::type::object;
  home.set("href", "/status" + std::string(locale.from_query ? "?lang=" + locale.locale : ""));
  home.set("name", w.format("status_page_title", {std::string(page_name)}));
  data.set("home", home);
  data.set("feed", "/status/feed.atom");
  data.set("languages", site.language_links(locale, "/status", ""));
  return data;
}

}  // namespace

Data status_page_data(const json::object& view, const Site& site, const PageLocale& locale) {
  const Words w(site, locale);
  const auto& page = view.at("page").as_object();
  const auto page_name = str(page, "name");
  auto data = base(site, locale, page_name, w.format("status_page_title", {page_name}));
  const auto indicator = str(view.at("status").as_object(), "indicator");
  data.set("indicator", indicator);
  data.set("overall", w.label("status_overall", indicator));
  if (const auto updated = str(page, "updatedAt"); !updated.empty()) {
    data.set("updated", w.format("status_updated", {w.when(updated)}));
    data.set("updated_iso", updated);
  }
  auto incidents = list_of(view.if_contains("openIncidents"), incident, w);
  data.set("has_incidents", !incidents.list_value().empty());
  data.set("incidents", incidents);
  auto maintenances = list_of(view.if_contains("maintenances"), maintenance, w);
  data.set("has_maintenances", !maintenances.list_value().empty());
  data.set("maintenances", maintenances);
  Data subscribable = Data::type::list;
  auto listed = sections(view.at("sections").as_array(), w, subscribable);
  data.set("has_sections", !listed.list_value().empty());
  data.set("sections", listed);
  data.set("has_subscribable", !subscribable.list_value().empty());
  data.set("subscribable", subscribable);
  data.set("history", history(view.at("history").as_array(), w));
  return data;
}

http::Response message_page(unsigned status, const Site& site, const PageLocale& locale, std::string_view page_name,
                            const MessagePage& page) {
  const Words w(site, locale);
  auto data = base(site, locale, page_name, w.text(page.title_key));
  data.set("text", w.text(page.text_key));
  data.set("form", page.form);
  return site.page(status, "status_message", locale, std::move(data));
}

}  // namespace frontdesk::status
