// SPDX-License-Identifier: Apache-2.0
// The pure parts of knowledge-base search and revisions.
#include "kb/text.hpp"

#include <gtest/gtest.h>

namespace frontdesk::kb {
namespace {

TEST(KbText, Slugs) {
  EXPECT_TRUE(valid_slug("reset-password"));
  EXPECT_TRUE(valid_slug("a1"));
  EXPECT_FALSE(valid_slug("123"));
  EXPECT_FALSE(valid_slug("Reset"));
  EXPECT_FALSE(valid_slug("a--b"));
  EXPECT_FALSE(valid_slug("-a"));
  EXPECT_FALSE(valid_slug("a b"));
  EXPECT_FALSE(valid_slug(std::string(101, 'a')));
}

TEST(KbText, SnippetsEscapeEverythingButTheMarks) {
  EXPECT_EQ(snippet_html("a <script>\x01x\x02</script> & \"q\""),
            "a &lt;script&gt;<mark>x</mark>&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(snippet_html("\x01open"), "<mark>open</mark>");
  EXPECT_EQ(snippet_html("\x02stray"), "stray");
}

TEST(KbText, TypoBudget) {
  EXPECT_EQ(typo_budget(4), 0);
  EXPECT_EQ(typo_budget(5), 1);
  EXPECT_EQ(typo_budget(8), 1);
  EXPECT_EQ(typo_budget(9), 2);
}

TEST(KbText, EditDistance) {
  EXPECT_EQ(edit_distance("password", "password", 2), 0);
  EXPECT_EQ(edit_distance("pasword", "password", 2), 1);
  EXPECT_EQ(edit_distance("passwrod", "password", 2), 1);  // a transposition is one edit
  EXPECT_EQ(edit_distance("paswrd", "password", 1), 2);    // above max: max + 1
  EXPECT_EQ(edit_distance("kulanıcı", "kullanıcı", 1), 1);  // code points, not bytes
  EXPECT_EQ(edit_distance("contrasña", "contraseña", 1), 1);
  EXPECT_EQ(edit_distance("", "abc", 5), 3);
}

TEST(KbText, TsqueryTextQuotesEveryLexeme) {
  std::vector<QueryTerm> terms{{"reset", false, {}}, {"pass", true, {"past"}}, {"o'neil\\", false, {}}};
  EXPECT_EQ(tsquery_text(terms, true, false), "('reset') & ('pass':*) & ('o''neil\\\\')");
  EXPECT_EQ(tsquery_text(terms, false, true), "('reset') | ('pass':* | 'past') | ('o''neil\\\\')");
  EXPECT_EQ(tsquery_text({}, true, true), "");
}

TEST(KbText, LineDiff) {
  const auto d = diff_lines("a\nb\nc\n", "a\nB\nc\nd");
  std::string out;
  for (const auto& l : d) out += std::string(1, l.op) + l.text + "|";
  EXPECT_EQ(out, " a|-b|+B| c|+d|");
  EXPECT_TRUE(diff_lines("", "").empty());
}

}  // namespace
}  // namespace frontdesk::kb
