// SPDX-License-Identifier: Apache-2.0
// A message's language: the channel's hint, else CLD2's reliable answer, else nothing.
#include "language/message_language.hpp"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk::language {
namespace {

TEST(DetectLanguage, FindsSpanishTurkishAndEnglish) {
  EXPECT_EQ(detect_language("Hola, no puedo entrar en mi cuenta desde ayer. ¿Me pueden ayudar?"), "es");
  EXPECT_EQ(detect_language("Merhaba, dün sipariş verdim ama hâlâ kargoya verilmedi. Yardımcı olur musunuz?"), "tr");
  EXPECT_EQ(detect_language("Hello, I cannot log in to my account since yesterday. Can you help?"), "en");
}

TEST(DetectLanguage, GivesRetiredCodesAsTodaysTags) {
  EXPECT_EQ(detect_language("שלום, אני לא יכול להיכנס לחשבון שלי מאתמול. אתם יכולים לעזור לי בבקשה?"), "he");
}

TEST(DetectLanguage, SaysNothingWhenItIsNotSure) {
  EXPECT_EQ(detect_language(""), std::nullopt);
  EXPECT_EQ(detect_language("12345"), std::nullopt);
  EXPECT_EQ(detect_language("ok thanks"), std::nullopt);
  EXPECT_EQ(detect_language("!!! ??? 🙂🙂🙂"), std::nullopt);
  EXPECT_EQ(detect_language("Hello 你好 Merhaba hola привет мир как дела"), std::nullopt)
      << "mixed scripts with no majority";
  EXPECT_EQ(detect_language(std::string("Hola, no puedo entrar en mi cuenta \xC3\x28 desde ayer", 44)), std::nullopt)
      << "invalid UTF-8";
}

TEST(DetectLanguage, AHugeTextIsReadOnlyAsFarAsTheCap) {
  std::string spanish;
  while (spanish.size() < 2 * kMaxDetectedBytes) spanish += "No puedo entrar en mi cuenta desde ayer. ";
  std::string huge = spanish;
  // What lies past the cap does not count: megabytes of English after it change nothing.
  while (huge.size() < 4'000'000) huge += "This part is English and it is very long indeed. ";
  EXPECT_EQ(detect_language(huge), "es");
  // A cut inside a character is moved back to its start: ñ (2 bytes) straddling the cap.
  std::string straddling(kMaxDetectedBytes - 1, ' ');
  straddling.replace(0, 60, "Hola, no puedo entrar en mi cuenta desde ayer, señora mía.  ");
  straddling += "ñ and then English words after the cap";
  EXPECT_EQ(detect_language(straddling), "es");
}

TEST(MessageLanguage, TheChannelsHintComesFirst) {
  EXPECT_EQ(message_language("de-ch", "Help", "Hello, I cannot log in to my account since yesterday."), "de-CH");
  EXPECT_EQ(message_language("", "Sin acceso", "No puedo entrar en mi cuenta desde ayer, ¿me ayudan?"), "es");
  EXPECT_EQ(message_language("not a tag!", "", "Dün verdiğim sipariş hâlâ kargoya verilmedi, yardımcı olur musunuz?"),
            "tr")
      << "a hint that is no language tag is ignored";
  EXPECT_EQ(message_language("", "12345", "67890"), "");
  EXPECT_EQ(message_language("", std::string(10'000, 'x'), std::string(10'000, 'y')), "");
}

}  // namespace
}  // namespace frontdesk::language
