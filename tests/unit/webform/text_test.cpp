// SPDX-License-Identifier: Apache-2.0
#include "text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk::webform {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9"));           // é
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC 5"));        // €
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));      // 😀
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));  // NUL is UTF-8 (refused elsewhere)
}

TEST(Utf8, RefusesMalformedText) {
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(is_valid_utf8("caf\xE9"));           // Latin-1 é
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated 2-byte sequence
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated 3-byte sequence
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong 3-byte
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong 4-byte
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800 surrogate
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // F5 lead byte
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));      // bad second byte
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));      // truncated emoji
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98\x28"));  // bad fourth byte
}

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(count_code_points(""), 0U);
  EXPECT_EQ(count_code_points("abc"), 3U);
  EXPECT_EQ(count_code_points("caf\xC3\xA9"), 4U);
  EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80\xE2\x82\xAC"), 2U);
}

TEST(Utf8, TruncatesOnCodePointBoundaries) {
  EXPECT_EQ(truncate_utf8("abc", 5), "abc");
  EXPECT_EQ(truncate_utf8("abcdef", 3), "abc");
  EXPECT_EQ(truncate_utf8("a\xE2\x82\xAC", 3), "a");  // would split the euro sign
  EXPECT_EQ(truncate_utf8("a\xE2\x82\xAC", 4), "a\xE2\x82\xAC");
}

TEST(Text, TrimsAsciiWhitespaceOnly) {
  EXPECT_EQ(trim("  hello \r\n\t"), "hello");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim("a b"), "a b");
  EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // NBSP is content
}

TEST(Text, CaseHelpers) {
  EXPECT_EQ(to_lower_ascii("MiXeD-Case_123"), "mixed-case_123");
  EXPECT_TRUE(iequals_ascii("Content-Type", "content-type"));
  EXPECT_FALSE(iequals_ascii("Content-Type", "content-typ"));
}

TEST(Text, ControlCharacters) {
  EXPECT_FALSE(has_control_chars("plain text", false));
  EXPECT_TRUE(has_control_chars("two\nlines", false));
  EXPECT_FALSE(has_control_chars("two\r\nlines\tand tab", true));
  EXPECT_TRUE(has_control_chars(std::string("nul\0", 4), true));
  EXPECT_TRUE(has_control_chars("bell\a", true));
  EXPECT_TRUE(has_control_chars("del\x7F", true));
}

TEST(Text, PrintableAsciiDropsTheRestAndCuts) {
  EXPECT_EQ(printable_ascii("Mozilla/5.0 (X11)", 100), "Mozilla/5.0 (X11)");
  EXPECT_EQ(printable_ascii("a\r\nb\x01\xC3\xA9"
                            "c",
                            100),
            "abc");
  EXPECT_EQ(printable_ascii("abcdef", 4), "abcd");
}

}  // namespace
}  // namespace frontdesk::webform
