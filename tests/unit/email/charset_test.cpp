// SPDX-License-Identifier: Apache-2.0
#include "charset.hpp"
#include "header_words.hpp"

#include <gtest/gtest.h>

namespace frontdesk::email {
namespace {

TEST(Charset, ConvertsLatin1AndWindows1252) {
  EXPECT_EQ(to_utf8("Gr\xFC\xDF" "e", "ISO-8859-1"), "Grüße");
  EXPECT_EQ(to_utf8("\x93quoted\x94 \x80", "windows-1252"), "“quoted” €");
}

TEST(Charset, ConvertsIso2022Jp) {
  // "日本" in ISO-2022-JP: ESC $ B, the JIS X 0208 bytes, ESC ( B.
  EXPECT_EQ(to_utf8("\x1B$BF|K\\\x1B(B", "iso-2022-jp"), "日本");
}

TEST(Charset, UnknownCharsetAndBadBytesStillGiveValidUtf8) {
  EXPECT_EQ(to_utf8("plain", "x-no-such-charset"), "plain");
  EXPECT_EQ(to_utf8("bad \xFF byte", "utf-8"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(sanitize_utf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(to_utf8("\x1B$B\xFF", "iso-2022-jp").find('\xFF'), std::string::npos);
}

TEST(Charset, UndeclaredEightBitIsUtf8OrWindows1252) {
  EXPECT_EQ(to_utf8("caf\xC3\xA9", ""), "café");
  EXPECT_EQ(to_utf8("caf\xE9", "us-ascii"), "café");
}

TEST(Charset, TruncatesAtCharacterBoundary) {
  EXPECT_EQ(truncate_utf8("aé", 2), "a");
  EXPECT_EQ(truncate_utf8("aé", 3), "aé");
}

TEST(HeaderWords, DecodesQAndBWordsAndDropsSpaceBetweenWords) {
  EXPECT_EQ(decode_header_text("=?ISO-8859-1?Q?J=FCrgen_M=FCller?="), "Jürgen Müller");
  EXPECT_EQ(decode_header_text("=?UTF-8?B?0JjQstCw0L0=?="), "Иван");
  EXPECT_EQ(decode_header_text("=?UTF-8?Q?a?= =?UTF-8?Q?b?= c"), "ab c");
  EXPECT_EQ(decode_header_text("Re: =?utf-8?q?caf=C3=A9?=\r\n more"), "Re: café more");
}

TEST(HeaderWords, JoinsMultiByteCharacterSplitAcrossWords) {
  // "é" (C3 A9) split over two B words.
  EXPECT_EQ(decode_header_text("=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?="), "é");
}

TEST(HeaderWords, LeavesMalformedWordsAndReadsRaw8Bit) {
  EXPECT_EQ(decode_header_text("=?bogus"), "=?bogus");
  EXPECT_EQ(decode_header_text("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=");
  EXPECT_EQ(decode_header_text("caf\xE9"), "café");  // 8-bit Windows-1252
  EXPECT_EQ(decode_header_text("café"), "café");     // raw UTF-8 stays
}

TEST(HeaderWords, ParsesParametersWithRfc2231) {
  auto p = parse_header_params(
      "attachment; filename*0*=UTF-8''Quit; filename*1*=tung%20M%C3%A4rz.pdf");
  EXPECT_EQ(p.value, "attachment");
  EXPECT_EQ(p.get("filename"), "Quittung März.pdf");
  auto q = parse_header_params(R"(Text/Plain; charset="ISO-8859-1"; format=flowed)");
  EXPECT_EQ(q.value, "text/plain");
  EXPECT_EQ(q.get("charset"), "ISO-8859-1");
  EXPECT_EQ(q.get("format"), "flowed");
  EXPECT_EQ(parse_header_params(R"(x; name="=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?=")").get("name"),
            "résumé.pdf");
}

}  // namespace
}  // namespace frontdesk::email
