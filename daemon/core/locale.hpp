// SPDX-License-Identifier: Apache-2.0
#pragma once
// Locale names as the product uses them everywhere a person reads (KB translations, pages,
// message catalogues): BCP 47 tags, normalised, and the one fallback chain. Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::core {

// "en", "es", "pt-BR", "zh-Hant-TW": a BCP 47 language tag of a language and up to three
// subtags, normalised (language lower case, a two-letter region upper case); nullopt when it
// is not one.
std::optional<std::string> normalize_locale(std::string_view tag);

// The chain a missing translation falls back along: "pt-BR" → {"pt-BR", "pt", default}.
std::vector<std::string> fallback_chain(std::string_view locale, std::string_view default_locale);

}  // namespace frontdesk::core
