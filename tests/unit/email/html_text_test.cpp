// SPDX-License-Identifier: Apache-2.0
#include "html_text.hpp"

#include <gtest/gtest.h>

namespace frontdesk::email {
namespace {

TEST(HtmlText, BlocksBecomeLinesAndScriptsDisappear) {
  const std::string text = html_to_text(
      "<html><head><title>x</title><style>p{}</style></head><body><p>Hello&nbsp;there</p>"
      "<script>alert(1)</script><div>Second<br>line</div></body></html>");
  EXPECT_EQ(text, "Hello there\n\nSecond\nline");
}

TEST(HtmlText, ListsLinksAndEntities) {
  const std::string text = html_to_text(
      "<ul><li>One &amp; two</li><li>&#8470;7 &euro; &#x263A;</li></ul>"
      "<p><a href=\"https://example.com/x\">link</a> <a href=\"https://example.com/y\">"
      "https://example.com/y</a></p>");
  EXPECT_EQ(text, "- One & two\n- №7 € ☺\n\nlink (https://example.com/x) https://example.com/y");
}

TEST(HtmlText, SurvivesBrokenMarkup) {
  EXPECT_EQ(html_to_text("<p>unclosed <b"), "unclosed");
  EXPECT_EQ(html_to_text("a &bogus; &#99999999; b"), "a &bogus; &#99999999; b");
  EXPECT_EQ(html_to_text("<!-- never closed"), "");
}

}  // namespace
}  // namespace frontdesk::email
