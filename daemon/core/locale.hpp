// SPDX-License-Identifier: Apache-2.0
#pragma once
// Locale names as the product uses them everywhere a person reads (KB translations, pages,
// message catalogues): BCP 47 tags, normalised, and the one fallback chain. Pure.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::core {

// "en", "es", "pt-BR", "zh-Hant-TW": a BCP 47 language tag of a language and up to three
// subtags, normalised (language lower case, a two-letter region upper case); nullopt when it
// is not one.
std::optional<std::string> normalize_locale(std::string_view tag);

// The language every text the product ships has (templates must have it): the end of every
// fallback chain.
inline constexpr std::string_view kLastResortLocale = "en";

// The one chain a missing translation falls back along, for templates, canned responses, the
// knowledge base, status mail and pages: each of `wanted` in order (the language asked for,
// then the ticket's or the customer's; empty ones skipped) followed by its parents, then
// `default_locale` (languages.default) likewise, then kLastResortLocale; no locale twice.
// ({"pt-BR", "es"}, "tr") → {"pt-BR", "pt", "es", "tr", "en"}.
std::vector<std::string> fallback_chain(std::initializer_list<std::string_view> wanted,
                                        std::string_view default_locale);

}  // namespace frontdesk::core
