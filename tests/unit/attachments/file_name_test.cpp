// SPDX-License-Identifier: Apache-2.0
#include "attachments/file_name.hpp"

#include <gtest/gtest.h>

namespace frontdesk::attachments {
namespace {

using namespace std::string_literals;

TEST(SafeFileName, PathsGiveTheirBaseName) {
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_file_name("..\\..\\windows\\win.ini"), "win.ini");
  EXPECT_EQ(safe_file_name("C:\\Users\\a\\photo.png"), "photo.png");
  EXPECT_EQ(safe_file_name("/"), "attachment");
  EXPECT_EQ(safe_file_name("a/.."), "attachment");
  EXPECT_EQ(safe_file_name("."), "attachment");
  EXPECT_EQ(safe_file_name(""), "attachment");
}

TEST(SafeFileName, ControlCharactersAndNulAreRemoved) {
  EXPECT_EQ(safe_file_name("a\r\nb.txt"), "ab.txt");
  EXPECT_EQ(safe_file_name("evil.php\0.png"s), "evil.php.png");
  EXPECT_EQ(safe_file_name("tab\there\x7f.txt"), "tabhere.txt");
  EXPECT_EQ(safe_file_name("c1\xc2\x85.txt"), "c1.txt");  // U+0085, NEL
  EXPECT_EQ(safe_file_name("\x01\x02"), "attachment");
}

TEST(SafeFileName, InvisibleReorderingMarksAreRemoved) {
  // "invoice" RLO "fdp.exe": shown as "invoiceexe.pdf".
  EXPECT_EQ(safe_file_name("invoice\xe2\x80\xae" "fdp.exe"), "invoicefdp.exe");
  EXPECT_EQ(safe_file_name("\xef\xbb\xbfreport\xe2\x80\x8b.pdf"), "report.pdf");  // BOM, zero-width space
  EXPECT_EQ(safe_file_name("a\xe2\x81\xa6" "b"), "ab");  // LRI
}

TEST(SafeFileName, TextIsKeptAndBadBytesReplaced) {
  EXPECT_EQ(safe_file_name("Quittung März.pdf"), "Quittung März.pdf");
  EXPECT_EQ(safe_file_name("报告 2026.xlsx"), "报告 2026.xlsx");
  EXPECT_EQ(safe_file_name("latin1 \xe9t\xe9.txt"), "latin1 _t_.txt");
  EXPECT_EQ(safe_file_name("  spaced.txt  "), "spaced.txt");
}

TEST(SafeFileName, LongNamesAreCutBetweenCharacters) {
  EXPECT_EQ(safe_file_name(std::string(300, 'a')), std::string(255, 'a'));
  EXPECT_EQ(safe_file_name(std::string(254, 'a') + "é"), std::string(254, 'a'));  // é is two bytes
  EXPECT_EQ(safe_file_name(std::string(253, 'a') + "é"), std::string(253, 'a') + "é");
}

}  // namespace
}  // namespace frontdesk::attachments
