// SPDX-License-Identifier: Apache-2.0
#include "quote_trim.hpp"

#include <gtest/gtest.h>

namespace frontdesk::email {
namespace {

TEST(QuoteTrim, CutsAttributionAndQuotes) {
  auto t = trim_quoted_history(
      "Thanks, that worked!\n\nOn Mon, 2 Nov 2026 at 10:00, Support <s@x> wrote:\n> old\n> text\n");
  EXPECT_EQ(t.text, "Thanks, that worked!");
  EXPECT_TRUE(t.trimmed);
}

TEST(QuoteTrim, CutsWrappedAttributionAndOutlookBlock) {
  EXPECT_EQ(trim_quoted_history("New text\nOn Mon, 2 Nov 2026, Support Team <s@x>\nwrote:\n> q").text,
            "New text");
  EXPECT_EQ(trim_quoted_history("Reply\n\nFrom: Support <s@x>\nSent: Monday\nTo: me\n\nold").text,
            "Reply");
  EXPECT_EQ(trim_quoted_history("Reply\n-----Original Message-----\nold").text, "Reply");
  EXPECT_EQ(trim_quoted_history("Antwort\n\nAm 2. Nov. 2026 schrieb Support <s@x>:\n> alt").text,
            "Antwort");
}

TEST(QuoteTrim, CutsTrailingQuotesAndSignature) {
  EXPECT_EQ(trim_quoted_history("Answer\n\n> quoted\n>\n> more").text, "Answer");
  EXPECT_EQ(trim_quoted_history("Answer\n-- \nAnn\nPhone").text, "Answer");
}

TEST(QuoteTrim, KeepsInlineQuotesAndAllQuoteMessages) {
  const std::string inline_reply = "> question one\nanswer one\n> question two\nanswer two";
  EXPECT_EQ(trim_quoted_history(inline_reply).text, inline_reply);
  auto only = trim_quoted_history("> only a quote");
  EXPECT_EQ(only.text, "> only a quote");
  EXPECT_FALSE(only.trimmed);
}

}  // namespace
}  // namespace frontdesk::email
