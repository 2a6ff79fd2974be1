// SPDX-License-Identifier: Apache-2.0
#include "web/json_page.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>
#include <string>

namespace frontdesk::web {

namespace {

namespace json = boost::json;

// Mustache knows text, truth, lists and maps: numbers become their text, null is false.
Data data_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      Data out = Data::type::object;
      for (const auto& [key, value] : v.get_object()) out.set(std::string(key), data_of(value));
      return out;
    }
    case json::kind::array: {
      Data out = Data::type::list;
      for (const auto& value : v.get_array()) out.push_back(data_of(value));
      return out;
    }
    case json::kind::string: return Data(std::string(v.get_string()));
    case json::kind::bool_: return v.get_bool() ? Data(Data::type::bool_true) : Data(Data::type::bool_false);
    case json::kind::null: return Data(Data::type::bool_false);
    default: return Data(json::serialize(v));
  }
}

}  // namespace

http::Response json_page(const Site& site, unsigned status, std::string_view name, const PageRequest& request,
                         std::string_view data_json) {
  json::value parsed;
  try {
    parsed = json::parse(data_json);
  } catch (const std::exception& e) {
    throw std::invalid_argument("page data is not JSON: " + std::string(e.what()));
  }
  if (!parsed.is_object()) throw std::invalid_argument("page data is not a JSON object");
  auto& object = parsed.get_object();
  std::string script;
  if (const auto* s = object.if_contains("script"); s != nullptr && s->is_string()) {
    const auto* asset = site.assets().find_plain(std::string_view(s->get_string()));
    if (asset == nullptr) throw std::invalid_argument("page data names an unknown script");
    script = asset->url;
    object.erase("script");
  }
  const auto optional_view = [](const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
  };
  const PageLocale locale{site.locales().negotiate(optional_view(request.lang), optional_view(request.accept_language)),
                          request.lang.has_value() && !request.lang->empty()};
  Data data = data_of(parsed);
  if (!object.contains("title")) {
    // A page's own heading is the catalogue's "<page>_title" unless the data brings one.
    const auto key = std::string(name) + "_title";
    if (!site.messages().has(locale.locale, key)) throw std::out_of_range("no message " + key);
    data.set("title", site.messages().text(locale.locale, key));
  }
  data.set("title_suffix", true);
  data.set("languages", site.language_links(locale, request.path, ""));
  if (!script.empty()) data.set("script", script);
  return site.page(status, name, locale, std::move(data));
}

}  // namespace frontdesk::web
