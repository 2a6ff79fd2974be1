// SPDX-License-Identifier: Apache-2.0
// Which offered locale a page is served in.
#include "web/locale_negotiation.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace frontdesk::web {
namespace {

const LocaleNegotiator& negotiator() {
  static const LocaleNegotiator n({"en", "es", "tr"}, "en");
  return n;
}

std::string pick(std::optional<std::string_view> lang, std::optional<std::string_view> accept) {
  return negotiator().negotiate(lang, accept);
}

TEST(LocaleNegotiation, QueryParameterWins) {
  EXPECT_EQ(pick("es", "tr"), "es");
  EXPECT_EQ(pick("TR", std::nullopt), "tr");
  EXPECT_EQ(pick("es-MX", "tr"), "es");  // its fallback chain: es-MX → es
}

TEST(LocaleNegotiation, QueryFallsBackAlongTheChainToTheDefault) {
  EXPECT_EQ(pick("pt-BR", "es"), "en");  // pt-BR → pt → en: ?lang= said what it wants
}

TEST(LocaleNegotiation, MalformedQueryIsIgnored) {
  EXPECT_EQ(pick("../etc", "es"), "es");
  EXPECT_EQ(pick("", "tr"), "tr");
}

TEST(LocaleNegotiation, AcceptLanguageByLocaleMatcher) {
  EXPECT_EQ(pick(std::nullopt, "tr-TR,tr;q=0.9,en;q=0.8"), "tr");
  EXPECT_EQ(pick(std::nullopt, "es-419,es;q=0.9"), "es");
  EXPECT_EQ(pick(std::nullopt, "de-DE,es;q=0.5"), "es");  // German is not offered; Spanish is
  EXPECT_EQ(pick(std::nullopt, "fr-CA,fr;q=0.9,tr;q=0.4,en;q=0.3"), "tr");
}

TEST(LocaleNegotiation, NothingOfferedGivesTheDefault) {
  EXPECT_EQ(pick(std::nullopt, "pt-BR,pt;q=0.9"), "en");
  EXPECT_EQ(pick(std::nullopt, std::nullopt), "en");
  EXPECT_EQ(pick(std::nullopt, ""), "en");
  EXPECT_EQ(pick(std::nullopt, ";;;,,=q"), "en");
  EXPECT_EQ(pick(std::nullopt, std::string(5000, 'a')), "en");
}

TEST(LocaleNegotiation, OtherDefault) {
  const LocaleNegotiator n({"en", "es", "tr"}, "tr");
  EXPECT_EQ(n.negotiate(std::nullopt, "ja"), "tr");
  EXPECT_EQ(n.negotiate("pt-BR", std::nullopt), "tr");
}

TEST(LocaleNegotiation, LanguageNamesInTheReadersLanguage) {
  EXPECT_EQ(LocaleNegotiator::language_name("en", "es"), "inglés");
  EXPECT_EQ(LocaleNegotiator::language_name("en", "tr"), "İngilizce");
  EXPECT_EQ(LocaleNegotiator::language_name("es", "en"), "Spanish");
  EXPECT_EQ(LocaleNegotiator::language_name("tr", "tr"), "Türkçe");
}

TEST(LocaleNegotiation, DefaultMustBeOffered) {
  EXPECT_THROW(LocaleNegotiator({"en", "es"}, "tr"), std::invalid_argument);
}

}  // namespace
}  // namespace frontdesk::web
