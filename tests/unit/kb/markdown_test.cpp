// SPDX-License-Identifier: Apache-2.0
// Article Markdown: GitHub-flavoured, and nothing that runs script gets through.
#include "kb/markdown.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>

namespace frontdesk::kb {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TEST(Markdown, RendersGithubFlavour) {
  const auto out = render_markdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ see https://example.com\n");
  EXPECT_NE(out.html.find("<h1>Title</h1>"), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("<table>"), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("<del>old</del>"), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("<a href=\"https://example.com\">"), std::string::npos) << out.html;
  EXPECT_EQ(out.plain.find('#'), std::string::npos) << out.plain;
  EXPECT_NE(out.plain.find("Title"), std::string::npos);
}

TEST(Markdown, DropsRawHtml) {
  const auto out = render_markdown("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> <b onclick=x>b</b>\n");
  const auto html = lower(out.html);
  EXPECT_EQ(html.find("<script"), std::string::npos) << out.html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << out.html;
  EXPECT_EQ(html.find("onclick"), std::string::npos) << out.html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << out.html;
}

TEST(Markdown, NeverLinksToScript) {
  for (const char* md : {"[a](javascript:alert(1))", "[a](JAVASCRIPT:alert(1))", "[a](java&#x09;script:alert(1))",
                         "[a](&#x6A;avascript:alert(1))", "[a](<javascript:alert(1)>)", "<javascript:alert(1)>",
                         "[a](vbscript:x)", "[a](data:text/html,x)", "![i](javascript:alert(1))",
                         "![i](data:image/svg+xml,<svg onload=alert(1)>)", "[a]\n\n[a]: javascript:alert(1)",
                         "[a](%20javascript:alert(1))", "[a](\\javascript:alert(1))"}) {
    // The address may show as text; no href or src may carry it.
    const auto html = lower(render_markdown(md).html);
    const std::regex attribute(R"re((href|src)="([^"]*)")re");
    for (std::sregex_iterator it(html.begin(), html.end(), attribute), end; it != end; ++it) {
      const auto value = (*it)[2].str();
      EXPECT_TRUE(value.empty()) << md << " -> " << html;
    }
    EXPECT_EQ(html.find("<script"), std::string::npos) << md << " -> " << html;
    EXPECT_EQ(html.find("onload"), std::string::npos) << md << " -> " << html;
  }
}

TEST(Markdown, KeepsSafeLinks) {
  const auto html = render_markdown("[h](https://x.example/a?b=1#c) [r](/help/articles/x) [m](mailto:a@b.example) [f](#top)").html;
  for (const char* href : {"https://x.example/a?b=1#c", "/help/articles/x", "mailto:a@b.example", "#top"}) {
    EXPECT_NE(html.find(std::string("href=\"") + href + "\""), std::string::npos) << href << " in " << html;
  }
}

TEST(Markdown, SafeUrl) {
  EXPECT_TRUE(safe_url("https://a", false));
  EXPECT_TRUE(safe_url("relative/path:with-colon-after-slash", false));
  EXPECT_TRUE(safe_url("tel:+123", false));
  EXPECT_FALSE(safe_url("tel:+123", true));
  EXPECT_FALSE(safe_url(" JaVa\tScRiPt:x", false));
  EXPECT_FALSE(safe_url("data:image/png;base64,AAA", true));
}

TEST(Markdown, PlainTextHasNoHighlightMarkers) {
  const auto out = render_markdown("a\x01" "b\x02" "c");
  EXPECT_EQ(out.plain.find('\x01'), std::string::npos);
  EXPECT_EQ(out.plain.find('\x02'), std::string::npos);
}

}  // namespace
}  // namespace frontdesk::kb
