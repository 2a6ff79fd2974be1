// SPDX-License-Identifier: Apache-2.0
#include "kb/article_input.hpp"

#include "api/problem.hpp"
#include "kb/text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <initializer_list>

namespace frontdesk::kb {

namespace json = boost::json;
using api::invalid;

namespace {

api::Result<json::object> parse_object(std::string_view text) {
  if (text.empty()) text = "{}";
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec) return api::problem(400, "invalid_json", "the body is not valid JSON: " + ec.message());
  if (!value.is_object()) return api::problem(400, "invalid_json", "the body must be a JSON object");
  return std::move(value.as_object());
}

api::Result<> only_fields(const json::object& object, std::initializer_list<std::string_view> allowed,
                          std::string_view where) {
  for (const auto& field : object) {
    if (std::find(allowed.begin(), allowed.end(), field.key()) == allowed.end()) {
      return invalid("unknown field '" + std::string(where) + std::string(field.key()) + "'");
    }
  }
  return {};
}

const json::value* get(const json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

api::Result<std::optional<std::string>> text(const json::object& object, std::string_view key,
                                             std::size_t max, const std::string& name,
                                             unsigned too_long_status = 422) {
  const auto* v = get(object, key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return invalid(name + " must be a string");
  const auto& s = v->get_string();
  if (s.size() > max) {
    return api::problem(too_long_status,
                        too_long_status == 413 ? "payload_too_large" : "validation_failed",
                        name + " is longer than " + std::to_string(max) + " bytes");
  }
  if (s.find('\0') != json::string::npos) return invalid(name + " must not contain NUL");
  return std::optional<std::string>(std::string(s));
}

api::Result<std::optional<std::int64_t>> id_value(const json::value& v, const std::string& name) {
  if (v.is_null()) return std::optional<std::int64_t>();
  if (v.is_int64() && v.get_int64() > 0) return std::optional<std::int64_t>(v.get_int64());
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX) && v.get_uint64() > 0) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v.get_uint64()));
  }
  return invalid(name + " must be a positive id or null");
}

api::Result<std::string> locale_of(const json::object& object, const std::string& where) {
  FD_TRY(const auto given, text(object, "locale", 35, where + "locale"));
  if (!given) return invalid(where + "locale is required");
  const auto locale = normalize_locale(*given);
  if (!locale) return invalid(where + "locale '" + *given + "' is not a language tag such as en or pt-BR");
  return *locale;
}

api::Result<> check_slug(const std::optional<std::string>& slug) {
  if (slug && !valid_slug(*slug)) {
    return invalid("slug must be lower-case letters and digits in words joined by '-' (not only "
                   "digits), at most 100 bytes");
  }
  return {};
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

api::Result<ArticleInput> parse_article(std::string_view body) {
  FD_TRY(const auto object, parse_object(body));
  FD_CHECK(only_fields(object,
                       {"slug", "categoryId", "status", "visibility", "tags", "sourceLocale",
                        "translations",
                        // read-only fields of the article JSON
                        "id", "revision", "views", "helpful", "notHelpful", "deflection",
                        "createdAt", "updatedAt", "locale", "fallback"},
                       ""));
  ArticleInput in;
  FD_TRY(in.slug, text(object, "slug", 100, "slug"));
  FD_CHECK(check_slug(in.slug));
  if (const auto* v = object.if_contains("categoryId")) {
    in.category_given = true;
    FD_TRY(in.category_id, id_value(*v, "categoryId"));
  }
  FD_TRY(in.status, text(object, "status", 16, "status"));
  if (in.status && *in.status != "draft" && *in.status != "published" && *in.status != "archived") {
    return invalid("status must be one of draft, published, archived");
  }
  FD_TRY(in.visibility, text(object, "visibility", 16, "visibility"));
  if (in.visibility && *in.visibility != "public" && *in.visibility != "internal") {
    return invalid("visibility must be public or internal");
  }
  if (const auto* v = get(object, "tags")) {
    if (!v->is_array()) return invalid("tags must be an array of strings");
    if (v->get_array().size() > kMaxTags) {
      return invalid("tags: at most " + std::to_string(kMaxTags) + " tags");
    }
    std::vector<std::string> tags;
    for (const auto& item : v->get_array()) {
      if (!item.is_string()) return invalid("tags must be an array of strings");
      const auto tag = trimmed(std::string_view(item.get_string()));
      if (tag.empty() || tag.size() > kMaxTagBytes || tag.find('\0') != std::string_view::npos) {
        return invalid("tags: each tag is 1 to " + std::to_string(kMaxTagBytes) + " bytes");
      }
      if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.emplace_back(tag);
    }
    in.tags = std::move(tags);
  }
  FD_TRY(const auto source, text(object, "sourceLocale", 35, "sourceLocale"));
  if (source) {
    const auto locale = normalize_locale(*source);
    if (!locale) {
      return invalid("sourceLocale '" + *source + "' is not a language tag such as en or pt-BR");
    }
    in.source_locale = *locale;
  }
  if (const auto* v = get(object, "translations")) {
    if (!v->is_array()) return invalid("translations must be an array");
    if (v->get_array().size() > 50) return invalid("translations: at most 50");
    for (const auto& item : v->get_array()) {
      if (!item.is_object()) return invalid("translations must be an array of objects");
      const auto& t = item.get_object();
      FD_CHECK(only_fields(t, {"locale", "title", "body", "html", "outdated", "updatedAt"},
                           "translations[]."));
      TranslationInput tr;
      FD_TRY(tr.locale, locale_of(t, "translations[]."));
      FD_TRY(tr.title, text(t, "title", kMaxTitleBytes, "translations[].title"));
      if (tr.title && trimmed(*tr.title).empty()) {
        return invalid("translations[].title must not be empty");
      }
      if (tr.title) tr.title = std::string(trimmed(*tr.title));
      FD_TRY(tr.body, text(t, "body", kMaxBodyBytes, "translations[].body", 413));
      for (const auto& other : in.translations) {
        if (other.locale == tr.locale) {
          return invalid("translations: locale " + tr.locale + " is given twice");
        }
      }
      in.translations.push_back(std::move(tr));
    }
  }
  return in;
}

api::Result<CategoryInput> parse_category(std::string_view body) {
  FD_TRY(const auto object, parse_object(body));
  FD_CHECK(only_fields(object, {"slug", "parentId", "position", "translations", "id"}, ""));
  CategoryInput in;
  FD_TRY(in.slug, text(object, "slug", 100, "slug"));
  FD_CHECK(check_slug(in.slug));
  if (const auto* v = object.if_contains("parentId")) {
    in.parent_given = true;
    FD_TRY(in.parent_id, id_value(*v, "parentId"));
  }
  if (const auto* v = get(object, "position")) {
    if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > 1000000) {
      return invalid("position must be an integer from 0 to 1000000");
    }
    in.position = static_cast<std::int32_t>(v->get_int64());
  }
  if (const auto* v = get(object, "translations")) {
    if (!v->is_array()) return invalid("translations must be an array");
    std::vector<CategoryTranslationInput> list;
    for (const auto& item : v->get_array()) {
      if (!item.is_object()) return invalid("translations must be an array of objects");
      const auto& t = item.get_object();
      FD_CHECK(only_fields(t, {"locale", "name", "description"}, "translations[]."));
      CategoryTranslationInput tr;
      FD_TRY(tr.locale, locale_of(t, "translations[]."));
      FD_TRY(const auto name, text(t, "name", kMaxTitleBytes, "translations[].name"));
      if (!name || trimmed(*name).empty()) return invalid("translations[].name is required");
      tr.name = std::string(trimmed(*name));
      FD_TRY(const auto description, text(t, "description", 2000, "translations[].description"));
      tr.description = description.value_or("");
      for (const auto& other : list) {
        if (other.locale == tr.locale) {
          return invalid("translations: locale " + tr.locale + " is given twice");
        }
      }
      list.push_back(std::move(tr));
    }
    if (list.size() > 50) return invalid("translations: at most 50");
    in.translations = std::move(list);
  }
  return in;
}

std::string slug_from_title(std::string_view title) {
  std::string slug;
  for (const char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 80) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (!slug.empty() && slug.find_first_not_of("0123456789") == std::string::npos) slug = "article-" + slug;
  return slug;
}

}  // namespace frontdesk::kb
