#include "pages.hpp"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk::webform {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape(R"(<script>alert("x" + 'y') & more</script>)"),
            "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; more&lt;/script&gt;");
  EXPECT_EQ(html_escape("caf\xC3\xA9 plain"), "caf\xC3\xA9 plain");
  EXPECT_EQ(html_escape(""), "");
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");
}

TEST(FormatSize, UsesWholeUnits) {
  EXPECT_EQ(format_size(10485760), "10 MB");
  EXPECT_EQ(format_size(std::size_t{512} * 1024), "512 KB");
  EXPECT_EQ(format_size(1500), "1500 bytes");
  EXPECT_EQ(format_size(1), "1 byte");
}

TEST(FormPage, HasEveryFieldAndPostsMultipartToTheApi) {
  const std::string html = form_page("Contact support", 10, 10485760);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_TRUE(contains(html, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(html, "<title>Contact support</title>"));
  EXPECT_TRUE(contains(html, "<h1>Contact support</h1>"));
  EXPECT_TRUE(contains(html,
                       "method=\"post\" action=\"/api/v1/support/tickets\" "
                       "enctype=\"multipart/form-data\""));
  for (const char* field : {R"(name="name")", R"(name="email" type="email")", R"(name="subject")",
                            R"(<textarea id="fd-description" name="description")",
                            R"(<select id="fd-category" name="category")",
                            R"(name="attachments" type="file" multiple)"}) {
    EXPECT_TRUE(contains(html, field)) << field;
  }
  // Every input is labelled.
  for (const char* id : {"fd-name", "fd-email", "fd-subject", "fd-category", "fd-description",
                         "fd-attachments", "fd-website"}) {
    EXPECT_TRUE(contains(html, std::string("<label for=\"") + id + "\"")) << id;
    EXPECT_TRUE(contains(html, std::string("id=\"") + id + "\"")) << id;
  }
  EXPECT_TRUE(contains(html, "Up to 10 files, at most 10 MB each."));
}

TEST(FormPage, ShowsTheOpenIncidentsAboveTheForm) {
  const std::string html = form_page(
      "t", 1, 1, R"({"incidents":[{"id":7,"title":"Card <payments> failing","impact":"major","href":"/status#incident-7"}]})");
  EXPECT_TRUE(contains(html, R"(<li><a href="/status#incident-7">Card &lt;payments&gt; failing</a></li>)")) << html;
  EXPECT_LT(html.find("incident-banner\""), html.find("<h1>"));
  for (const char* none : {R"({"incidents":[]})", "", "not json", R"({"incidents":[{"id":1}]})"}) {
    EXPECT_EQ(incident_banner(none), "") << none;
    EXPECT_FALSE(contains(form_page("t", 1, 1, none), "<aside")) << none;
  }
}

TEST(FormPage, OffersTheTenCategories) {
  const std::string html = form_page("t", 1, 1);
  for (const char* category : {"account", "booking", "payment", "technical", "billing", "complaint",
                               "feature_request", "bug_report", "general", "other"}) {
    EXPECT_TRUE(contains(html, std::string("<option value=\"") + category + "\">")) << category;
  }
  EXPECT_TRUE(contains(html, "<option value=\"\">"));  // "no category" is allowed
}

TEST(FormPage, HoneypotIsHiddenFromPeopleAndAssistiveTechnology) {
  const std::string html = form_page("t", 1, 1);
  EXPECT_TRUE(contains(html, "<div class=\"hp\" aria-hidden=\"true\">"));
  EXPECT_TRUE(contains(html,
                       "<input id=\"fd-website\" name=\"website\" type=\"text\" "
                       "autocomplete=\"off\" tabindex=\"-1\">"));
  EXPECT_TRUE(contains(html, ".hp{position:absolute;left:-10000px"));
}

TEST(FormPage, LoadsOnlyTheDaemonsOwnSuggestionScript) {
  const std::string html = form_page("t", 1, 1);
  EXPECT_TRUE(contains(html, "<script src=\"/assets/suggest.js\" defer></script>"));
  EXPECT_FALSE(contains(html, "<script>"));
  EXPECT_TRUE(contains(html, "<div id=\"fd-suggestions\" class=\"suggestions\" aria-live=\"polite\""));
  EXPECT_FALSE(contains(html, "<link"));
  EXPECT_FALSE(contains(html, "http://"));
  EXPECT_FALSE(contains(html, "https://"));
}

TEST(FormPage, EscapesTheConfiguredTitle) {
  const std::string html = form_page("Help & <Support> \"now\"", 1, 1);
  EXPECT_TRUE(contains(html, "<title>Help &amp; &lt;Support&gt; &quot;now&quot;</title>"));
  EXPECT_TRUE(contains(html, "<h1>Help &amp; &lt;Support&gt; &quot;now&quot;</h1>"));
  EXPECT_FALSE(contains(html, "<Support>"));
}

TEST(FormPage, NoFileInputWhenAttachmentsAreOff) {
  const std::string html = form_page("t", 0, 1024);
  EXPECT_FALSE(contains(html, "type=\"file\""));
  EXPECT_TRUE(contains(html, "name=\"description\""));
}

TEST(TicketPage, ShowsEscapedNumberAndToken) {
  const std::string html = ticket_page("Support", "TKT-1-000001", "tok<en>&", true);
  EXPECT_TRUE(contains(html, "<strong>TKT-1-000001</strong>"));
  EXPECT_TRUE(contains(html, "<code>tok&lt;en&gt;&amp;</code>"));
  EXPECT_TRUE(contains(html, "we received your request"));
}

TEST(TicketPage, DuplicateWithoutToken) {
  const std::string html = ticket_page("Support", "TKT-1-000001", "", false);
  EXPECT_TRUE(contains(html, "We already have this request"));
  EXPECT_FALSE(contains(html, "<code>"));
}

TEST(MessagePage, EscapesHeadingAndMessage) {
  const std::string html = message_page("T", "Oops <b>", "name is required; x < y");
  EXPECT_TRUE(contains(html, "<h1>Oops &lt;b&gt;</h1>"));
  EXPECT_TRUE(contains(html, "<p>name is required; x &lt; y</p>"));
  EXPECT_TRUE(contains(html, "href=\"/support/new\""));
}

}  // namespace
}  // namespace frontdesk::webform
