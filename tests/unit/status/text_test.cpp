// SPDX-License-Identifier: Apache-2.0
#include "status/mail_text.hpp"
#include "status/xml_text.hpp"

#include <gtest/gtest.h>

namespace frontdesk::status {
namespace {

TEST(XmlText, EscapesMarkupAndDropsWhatXmlCannotCarry) {
  EXPECT_EQ(xml_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_text(std::string("x\x01y\x1f\tz\n", 7)), "xy\tz\n");
  EXPECT_EQ(xml_text("ünïcode"), "ünïcode");
}

TEST(MailText, SpeaksEachOfferedLanguageElseTheDefaultsElseEnglish) {
  EXPECT_EQ(offered_locale("es-MX", "en"), "es");
  EXPECT_EQ(offered_locale("tr", "es"), "tr");
  EXPECT_EQ(offered_locale("fr", "en"), "en");
  EXPECT_EQ(offered_locale("fr", "tr"), "tr") << "languages.default before en";
  EXPECT_EQ(offered_locale("", "es-MX"), "es");
  EXPECT_EQ(offered_locale("", "de"), "en") << "a default without words here: en";
  const IncidentNotice n{"Acme", "Slow API", "resolved", "Fixed.", "https://x/status", "https://x/u"};
  EXPECT_EQ(incident_text("tr", n).subject, "[Acme] Slow API: Çözüldü");
  EXPECT_EQ(incident_text("de", n).subject, "[Acme] Slow API: Resolved");
  EXPECT_NE(incident_text("es", n).body.find("Darse de baja: https://x/u"), std::string::npos);
  const auto c = confirmation_text("es", "Acme", "https://x/c");
  EXPECT_EQ(c.subject, "Acme: confirme su suscripción");
  EXPECT_NE(c.body.find("https://x/c"), std::string::npos);
}

}  // namespace
}  // namespace frontdesk::status
