// SPDX-License-Identifier: Apache-2.0
#include "attachments/file_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace frontdesk::attachments {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 29);
const std::string kHtml = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";

TEST(StoredType, TheBytesDecideNotTheClaim) {
  EXPECT_EQ(stored_type(kPng, "text/html"), "image/png");
  EXPECT_EQ(stored_type("%PDF-1.4 invoice", "image/jpeg"), "application/pdf");
  EXPECT_EQ(stored_type("\xff\xd8\xffJPEGDATA", "application/pdf"), "image/jpeg");
  EXPECT_EQ(stored_type(kHtml, "image/png"), "text/html");
  EXPECT_EQ(stored_type("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>", "image/png"),
            "image/svg+xml");
  EXPECT_EQ(stored_type("", "image/png"), "application/x-empty");
}

TEST(StoredType, InertTextualClaimsRefinePlainText) {
  EXPECT_EQ(stored_type("a,b\n1,2\n", "text/csv; charset=utf-8"), "text/csv");
  EXPECT_EQ(stored_type("Subject: hi\n\nbody\n", "Message/RFC822"), "message/rfc822");
  EXPECT_EQ(stored_type("line 1\nline 2\n", "text/plain"), "text/plain");
  // Active content is never taken on the sender's word.
  EXPECT_EQ(stored_type("just words\n", "text/html"), "text/plain");
  EXPECT_EQ(stored_type("just words\n", "image/svg+xml"), "text/plain");
  EXPECT_EQ(stored_type("just words\n", "application/javascript"), "text/plain");
  // Only plain text is refined: a PNG called CSV is a PNG.
  EXPECT_EQ(stored_type(kPng, "text/csv"), "image/png");
}

TEST(StoredType, EveryThreadHasItsOwnHandle) {
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      for (int n = 0; n < 50; ++n) seen[i] = stored_type(n % 2 ? kPng : kHtml, "");
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& type : seen) EXPECT_EQ(type, "image/png");
}

}  // namespace
}  // namespace frontdesk::attachments
