// SPDX-License-Identifier: Apache-2.0
// Locale tags and the fallback chain.
#include "core/locale.hpp"

#include <gtest/gtest.h>

namespace frontdesk::core {
namespace {

TEST(Locale, NormalizesLocales) {
  EXPECT_EQ(normalize_locale("en"), "en");
  EXPECT_EQ(normalize_locale("PT_br"), "pt-BR");
  EXPECT_EQ(normalize_locale("zh-hant-tw"), "zh-Hant-TW");
  EXPECT_EQ(normalize_locale("es-419"), "es-419");
  EXPECT_FALSE(normalize_locale(""));
  EXPECT_FALSE(normalize_locale("e"));
  EXPECT_FALSE(normalize_locale("english"));
  EXPECT_FALSE(normalize_locale("en-"));
  EXPECT_FALSE(normalize_locale("en;DROP"));
  EXPECT_FALSE(normalize_locale("../etc"));
}

TEST(Locale, FallbackChain) {
  EXPECT_EQ(fallback_chain("pt-BR", "en"), (std::vector<std::string>{"pt-BR", "pt", "en"}));
  EXPECT_EQ(fallback_chain("en-GB", "en"), (std::vector<std::string>{"en-GB", "en"}));
}

}  // namespace
}  // namespace frontdesk::core
