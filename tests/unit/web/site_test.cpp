// SPDX-License-Identifier: Apache-2.0
// The web folder as the build assembles it: templates parse, every message they show is
// translated, pages escape what they are given and carry their headers.
#include "web/site.hpp"

#include "http/request.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

namespace frontdesk::web {
namespace {

const std::filesystem::path kDir(FRONTDESK_TEST_WEB_DIR);

const Site& site() {
  static const Site s(SiteOptions{kDir, {"en", "es", "tr"}, "en"});
  return s;
}

std::string header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(Site, RendersInTheLayoutWithHeaders) {
  Data data = Data::type::object;
  data.set("title", "<script>alert(1)</script>");
  const auto r = site().page(404, "help_not_found", PageLocale{"tr", false}, data);
  EXPECT_EQ(r.status, 404U);
  EXPECT_NE(r.body.find("<html lang=\"tr\">"), std::string::npos);
  EXPECT_NE(r.body.find("Yardım merkezi"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(header(r, "Content-Language"), "tr");
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_NE(header(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(header(r, "Content-Security-Policy").find("unsafe-inline"), std::string::npos);
  EXPECT_NE(r.body.find(site().assets().url("site.css")), std::string::npos);
}

TEST(Site, ContentLanguageNamesWhatIsShown) {
  const auto r = site().page(200, "help_not_found", PageLocale{"es", false}, Data::type::object, "en");
  EXPECT_EQ(header(r, "Content-Language"), "en");
}

TEST(Site, LocaleOfRequest) {
  http::Request req;
  req.query = "lang=es";
  req.headers.emplace_back("Accept-Language", "tr");
  EXPECT_EQ(site().locale_of(req).locale, "es");
  EXPECT_TRUE(site().locale_of(req).from_query);
  req.query.clear();
  EXPECT_EQ(site().locale_of(req).locale, "tr");
  EXPECT_FALSE(site().locale_of(req).from_query);
}

TEST(Site, AssetsHaveContentHashedNames) {
  const auto& url = site().assets().url("help.js");
  EXPECT_TRUE(url.starts_with("/assets/help.")) << url;
  EXPECT_TRUE(url.ends_with(".js")) << url;
  const auto* asset = site().assets().find(url.substr(std::string_view("/assets/").size()));
  ASSERT_NE(asset, nullptr);
  EXPECT_FALSE(asset->body.empty());
  EXPECT_EQ(site().assets().find("help.js"), nullptr);
  EXPECT_EQ(site().assets().find_plain("help.js"), asset);
}

TEST(Site, UntranslatedTemplateMessageIsRefused) {
  const auto dir = std::filesystem::temp_directory_path() / "frontdesk-site-test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kDir, dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "pages" / "extra.mustache") << "<p>{{t.not_in_any_catalogue}}</p>\n";
  try {
    Site s(SiteOptions{dir, {"en", "es", "tr"}, "en"});
    FAIL() << "a message missing from the catalogues was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not_in_any_catalogue"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("extra.mustache"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "pages" / "extra.mustache") << "<p>{{#open}}unclosed</p>\n";
  EXPECT_THROW(Site(SiteOptions{dir, {"en", "es", "tr"}, "en"}), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frontdesk::web
