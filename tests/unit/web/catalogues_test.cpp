// SPDX-License-Identifier: Apache-2.0
// The message catalogues as the build compiles them from web/i18n/*.po.
#include "web/catalogues.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace frontdesk::web {
namespace {

const std::filesystem::path kDir = std::filesystem::path(FRONTDESK_TEST_WEB_DIR) / "i18n";

const Catalogues& catalogues() {
  static const Catalogues c(kDir, {"en", "es", "tr"});
  return c;
}

std::set<std::string> msgids(const std::string& locale) {
  std::ifstream in(std::filesystem::path(FRONTDESK_TEST_I18N_SOURCES) / (locale + ".po"));
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex kMsgid(R"(^msgid "([^"]+)\")", std::regex::multiline);
  std::set<std::string> out;
  const auto s = text.str();
  for (std::sregex_iterator it(s.begin(), s.end(), kMsgid), end; it != end; ++it) out.insert((*it)[1]);
  return out;
}

TEST(Catalogues, Translates) {
  EXPECT_EQ(catalogues().text("en", "help_center"), "Help center");
  EXPECT_EQ(catalogues().text("es", "help_center"), "Centro de ayuda");
  EXPECT_EQ(catalogues().text("tr", "help_center"), "Yardım merkezi");
  EXPECT_FALSE(catalogues().has("es", "no_such_key"));
  EXPECT_EQ(catalogues().text("es", "no_such_key"), "no_such_key");
}

TEST(Catalogues, EveryLocaleHasEveryMessage) {
  const auto english = msgids("en");
  ASSERT_GT(english.size(), 20U);
  for (const std::string locale : {"es", "tr"}) {
    EXPECT_EQ(msgids(locale), english) << locale << ".po lists other messages than en.po";
    for (const auto& key : english) {
      if (key == "result_count") continue;  // a plural: its forms are checked below
      EXPECT_TRUE(catalogues().has(locale, key)) << locale << ": " << key;
    }
  }
}

TEST(Catalogues, Plurals) {
  const auto n = [](std::string_view locale, std::int64_t count) {
    return catalogues().plural(locale, "result_count", "result_count_plural", count);
  };
  EXPECT_EQ(n("en", 1), "1 article found");
  EXPECT_EQ(n("en", 0), "0 articles found");
  EXPECT_EQ(n("en", 2), "2 articles found");
  EXPECT_EQ(n("es", 1), "1 artículo encontrado");
  EXPECT_EQ(n("es", 5), "5 artículos encontrados");
  EXPECT_EQ(n("tr", 5), "5 makale bulundu");  // Turkish nouns stay singular after numbers
  EXPECT_EQ(n("en", 1234), "1,234 articles found");
  EXPECT_EQ(n("es", 1234), "1.234 artículos encontrados");
  EXPECT_EQ(n("tr", 1234), "1.234 makale bulundu");
}

TEST(Catalogues, Arguments) {
  EXPECT_EQ(catalogues().format("es", "fallback_notice", {"español", "English"}),
            "Este artículo no está disponible en español; se muestra en English.");
}

TEST(Catalogues, TurkishCasing) {
  EXPECT_EQ(catalogues().upper("tr", "istanbul ılık"), "İSTANBUL ILIK");
  EXPECT_EQ(catalogues().lower("tr", "DİYARBAKIR"), "diyarbakır");
  EXPECT_EQ(catalogues().upper("en", "istanbul"), "ISTANBUL");
  EXPECT_EQ(catalogues().upper("es", "año"), "AÑO");
}

TEST(Catalogues, DatesAndPercentagesAsTheLocaleWritesThem) {
  const std::time_t t = 1778594580;  // 2026-05-12T14:03:00Z
  EXPECT_EQ(catalogues().date("en", t), "May 12, 2026");
  EXPECT_EQ(catalogues().date("es", t), "12 may 2026");
  EXPECT_EQ(catalogues().date("tr", t), "12 May 2026");
  EXPECT_EQ(catalogues().date_time("es", t), "12 may 2026, 14:03");
  EXPECT_EQ(catalogues().date_time("tr", t), "12 May 2026 14:03");
  EXPECT_EQ(catalogues().date_time("en", t), "May 12, 2026, 2:03\u202fPM");  // ICU 72: a narrow space
  EXPECT_EQ(catalogues().percent("en", 0.99953, 2), "99.95%");
  EXPECT_EQ(catalogues().percent("es", 0.99953, 2), "99,95\u00a0%");
  EXPECT_EQ(catalogues().percent("tr", 1.0, 2), "%100,00");
}

TEST(Catalogues, MissingCatalogueIsNamed) {
  try {
    Catalogues c(kDir, {"en", "fr"});
    FAIL() << "a missing catalogue was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("fr/LC_MESSAGES/frontdesk.mo"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace frontdesk::web
