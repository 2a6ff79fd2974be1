// SPDX-License-Identifier: Apache-2.0
#include "core/locale.hpp"

#include <algorithm>
#include <cctype>

namespace frontdesk::core {

namespace {

bool all_of(std::string_view s, int (*pred)(int)) {
  return std::all_of(s.begin(), s.end(), [pred](char c) { return pred(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::optional<std::string> normalize_locale(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return std::nullopt;
  std::string out;
  std::size_t start = 0;
  int index = 0;
  while (start <= tag.size()) {
    auto end = tag.find_first_of("-_", start);
    if (end == std::string_view::npos) end = tag.size();
    std::string part(tag.substr(start, end - start));
    if (index == 0) {
      if (part.size() < 2 || part.size() > 3 || !all_of(part, std::isalpha)) return std::nullopt;
      for (auto& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (index > 3 || part.size() < 2 || part.size() > 8 || !all_of(part, std::isalnum)) return std::nullopt;
      if (part.size() == 2 && all_of(part, std::isalpha)) {
        for (auto& c : part) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      } else if (part.size() == 4 && all_of(part, std::isalpha)) {
        for (auto& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
      }
      out += '-';
    }
    out += part;
    ++index;
    if (end == tag.size()) break;
    start = end + 1;
  }
  return out;
}

std::vector<std::string> fallback_chain(std::initializer_list<std::string_view> wanted,
                                        std::string_view default_locale) {
  std::vector<std::string> chain;
  const auto add_with_parents = [&chain](std::string_view locale) {
    while (!locale.empty()) {
      if (std::find(chain.begin(), chain.end(), locale) == chain.end()) chain.emplace_back(locale);
      const auto dash = locale.rfind('-');
      locale = dash == std::string_view::npos ? std::string_view() : locale.substr(0, dash);
    }
  };
  for (const auto locale : wanted) add_with_parents(locale);
  add_with_parents(default_locale);
  add_with_parents(kLastResortLocale);
  return chain;
}

}  // namespace frontdesk::core
