// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a POST or PUT of an article or a category says, checked: unknown fields, wrong types,
// bad locales and slugs, oversize titles (422) and bodies (413) are refused before anything
// is written. The read-only fields of the article JSON (id, html, views, ...) are accepted
// and ignored, so a client may send back what it read. The parsers return the input or the
// Problem that answers the call.
#include "api/problem.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::kb {

inline constexpr std::size_t kMaxTitleBytes = 300;
inline constexpr std::size_t kMaxBodyBytes = 200000;
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTagBytes = 50;

struct TranslationInput {
  std::string locale;
  std::optional<std::string> title;
  std::optional<std::string> body;
};

struct ArticleInput {
  std::optional<std::string> slug;
  bool category_given = false;
  std::optional<std::int64_t> category_id;  // with category_given: null clears it
  std::optional<std::string> status;
  std::optional<std::string> visibility;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> source_locale;
  std::vector<TranslationInput> translations;
};

api::Result<ArticleInput> parse_article(std::string_view body);

struct CategoryTranslationInput {
  std::string locale;
  std::string name;
  std::string description;
};

struct CategoryInput {
  std::optional<std::string> slug;
  bool parent_given = false;
  std::optional<std::int64_t> parent_id;
  std::optional<std::int32_t> position;
  std::optional<std::vector<CategoryTranslationInput>> translations;
};

api::Result<CategoryInput> parse_category(std::string_view body);

// A slug made from a title: ASCII letters and digits lower-cased, other runs become '-'.
// "" when nothing is left.
std::string slug_from_title(std::string_view title);

}  // namespace frontdesk::kb
