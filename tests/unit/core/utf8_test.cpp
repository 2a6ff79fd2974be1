// SPDX-License-Identifier: Apache-2.0
#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk::core {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ASCII"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9"));       // é
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000, above them
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));
}

TEST(Utf8, RefusesMalformedText) {
  for (const char* bad : {
           "\x80",                // lone continuation byte
           "\xC3",                // truncated 2-byte sequence
           "\xC3\x28",            // bad continuation
           "\xC0\xAF",            // overlong '/'
           "\xC1\xBF",            // overlong
           "\xE0\x80\xAF",        // overlong 3-byte
           "\xE2\x82",            // truncated 3-byte
           "\xED\xA0\x80",        // U+D800 surrogate
           "\xED\xBF\xBF",        // U+DFFF surrogate
           "\xF0\x80\x80\xAF",    // overlong 4-byte
           "\xF4\x90\x80\x80",    // above U+10FFFF
           "\xF5\x80\x80\x80",    // lead byte above U+10FFFF
           "\xFF",                // never in UTF-8
           "ok\xE2\x82\xAC\xE2",  // valid then truncated
       }) {
    EXPECT_FALSE(is_valid_utf8(bad)) << testing::PrintToString(std::string(bad));
  }
}

}  // namespace
}  // namespace frontdesk::core
