// SPDX-License-Identifier: Apache-2.0
#include "core/placeholders.hpp"

#include <gtest/gtest.h>

#include <map>

namespace frontdesk::core {
namespace {

// Names the tests know: customer.name has a value, customer.email is known but empty.
PlaceholderValue lookup(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> values{
      {"customer.name", "Ada Lovelace"}, {"customer.first_name", "Ada"}, {"customer.email", ""},
      {"ticket.number", "TKT-1-000001"}};
  const auto it = values.find(name);
  return it == values.end() ? PlaceholderValue::unknown() : PlaceholderValue::of(it->second);
}

RenderedText render(std::string_view text) {
  const auto parsed = parse_placeholders(text);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().text());
  return parsed ? render_placeholders(*parsed, lookup) : RenderedText{};
}

std::string error_of(std::string_view text) {
  const auto parsed = parse_placeholders(text);
  return parsed ? std::string("(parsed)") : parsed.error().text();
}

TEST(Placeholders, TextWithoutPlaceholdersIsCopied) {
  const auto parsed = parse_placeholders("Thanks, { braces } and }} stay.");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->has_placeholders());
  EXPECT_EQ(render_placeholders(*parsed, lookup).text, "Thanks, { braces } and }} stay.");
  EXPECT_EQ(render("").text, "");
}

TEST(Placeholders, NamesAreReplacedWithOrWithoutSpaces) {
  const auto r = render("Hi {{customer.first_name}}, {{ ticket.number }}!{{customer.name}}");
  EXPECT_EQ(r.text, "Hi Ada, TKT-1-000001!Ada Lovelace");
  EXPECT_TRUE(r.unresolved.empty());
}

TEST(Placeholders, DefaultCoversAKnownNameWithoutValue) {
  EXPECT_EQ(render(R"(Mail: {{customer.email | default: "none on file"}})").text, "Mail: none on file");
  EXPECT_EQ(render("{{customer.email|default:'x'}}").text, "x");
  // A value wins over the default.
  EXPECT_EQ(render(R"({{ customer.first_name | default: "there" }})").text, "Ada");
  // Escapes inside the quotes.
  EXPECT_EQ(render(R"({{customer.email | default: "say \"hi\" \\ o/"}})").text, R"(say "hi" \ o/)");
  EXPECT_EQ(render(R"({{customer.email | default: ""}})").text, "");
}

TEST(Placeholders, AKnownNameWithoutValueAndNoDefaultIsUnresolved) {
  const auto r = render("Mail {{customer.email}} and {{ customer.email }}");
  EXPECT_EQ(r.unresolved, std::vector<std::string>{"customer.email"});  // once
  EXPECT_EQ(r.text, "Mail {{customer.email}} and {{ customer.email }}");  // kept as written
}

TEST(Placeholders, AnUnknownNameIsUnresolvedEvenWithADefault) {
  const auto r = render(R"({{customer.nmae | default: "there"}} {{agent.name}} {{customer.nmae}})");
  EXPECT_EQ(r.unresolved, (std::vector<std::string>{"customer.nmae", "agent.name"}));
  EXPECT_EQ(r.text, R"({{customer.nmae | default: "there"}} {{agent.name}} {{customer.nmae}})");
}

TEST(Placeholders, ThePlaceholderIsRecordedWithItsPosition) {
  const auto parsed = parse_placeholders("line one\nab {{ ticket.number | default: 'n/a' }}.");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->pieces.size(), 3U);
  const auto& p = *parsed->pieces[1].placeholder;
  EXPECT_EQ(p.name, "ticket.number");
  EXPECT_EQ(p.fallback, "n/a");
  EXPECT_EQ(p.source, "{{ ticket.number | default: 'n/a' }}");
  EXPECT_EQ(p.at.line, 2);
  EXPECT_EQ(p.at.column, 4);
  EXPECT_EQ(parsed->pieces[2].literal, ".");
}

TEST(Placeholders, UnclosedBracesAreErrorsAtTheOpening) {
  EXPECT_EQ(error_of("Hi {{customer.name"), "1:4: unclosed '{{' (expected '}}' after 'customer.name')");
  EXPECT_EQ(error_of("Hi {{"), "1:4: unclosed '{{'");
  EXPECT_EQ(error_of("a\n{{ customer.name\n}}"), "2:1: unclosed '{{' (expected '}}' after 'customer.name')");
  EXPECT_EQ(error_of("Hi {{customer.name}"), "1:19: expected '}}' or '| default: \"text\"', found '}' in the placeholder at 1:4");
  EXPECT_EQ(error_of("Hi {{customer.name and bye}}"),
            "1:20: expected '}}' or '| default: \"text\"', found 'and' in the placeholder at 1:4");
}

TEST(Placeholders, BadNamesAreErrors) {
  EXPECT_EQ(error_of("{{}}"), "1:1: empty placeholder '{{}}'");
  EXPECT_EQ(error_of("{{  }}"), "1:1: empty placeholder '{{}}'");
  EXPECT_EQ(error_of("{{ 9lives }}"), "1:4: expected a name such as ticket.number, found '9' in the placeholder at 1:1");
  EXPECT_EQ(error_of("{{customer.}}"), "1:3: expected a name such as ticket.number, found 'customer.' in the placeholder at 1:1");
  EXPECT_EQ(error_of("{{ | default: 'x' }}"), "1:4: expected a name such as ticket.number, found '|' in the placeholder at 1:1");
}

TEST(Placeholders, BadFiltersAreErrors) {
  EXPECT_EQ(error_of("{{customer.name | upcase}}"), "1:19: unknown filter 'upcase' (valid: default)");
  EXPECT_EQ(error_of("{{customer.name | }}"), "1:19: expected a filter name after '|', found '}}' in the placeholder at 1:1");
  EXPECT_EQ(error_of("{{customer.name | default}}"), "1:26: default takes ': \"text\"', found '}}' in the placeholder at 1:1");
  EXPECT_EQ(error_of("{{customer.name | default: there}}"),
            "1:28: default takes a quoted text, found 'there' in the placeholder at 1:1");
  EXPECT_EQ(error_of("{{customer.name | default: \"there}}"),
            "1:28: default takes a quoted text, found an unterminated string in the placeholder at 1:1");
  EXPECT_EQ(error_of("{{customer.name | default: 'a' | default: 'b'}}"),
            "1:34: default is given twice in the placeholder at 1:1");
}

TEST(Placeholders, AnErrorAfterGoodPlaceholdersStillFailsTheWholeText) {
  EXPECT_EQ(error_of("{{ticket.number}} ok, then {{ticket.number"),
            "1:28: unclosed '{{' (expected '}}' after 'ticket.number')");
}

}  // namespace
}  // namespace frontdesk::core
