// SPDX-License-Identifier: Apache-2.0
#include "pages.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <string>

namespace frontdesk::webform {
namespace {

namespace json = boost::json;

json::object data_of(const sdk::Response& r) { return json::parse(r.body).as_object(); }

TEST(FormatSize, UsesWholeUnits) {
  EXPECT_EQ(format_size(10485760), "10 MB");
  EXPECT_EQ(format_size(std::size_t{512} * 1024), "512 KB");
  EXPECT_EQ(format_size(1500), "1500 B");
}

TEST(FormPage, IsTheDaemonsPageWithTheLimitsAndTheSuggestionScript) {
  Config config;
  const auto r = form_page(config);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.page, "support_new");
  const auto data = data_of(r);
  EXPECT_FALSE(data.contains("title"));  // the catalogue's heading
  EXPECT_EQ(data.at("attachments").at("count"), "10");
  EXPECT_EQ(data.at("attachments").at("size"), "10 MB");
  EXPECT_EQ(data.at("script"), "suggest.js");
}

TEST(FormPage, CarriesTheOpenIncidentsForTheLayoutsBanner) {
  Config config;
  const auto data = data_of(form_page(
      config, R"({"incidents":[{"id":7,"title":"Card payments failing","impact":"major","href":"/status#incident-7"}]})"));
  EXPECT_EQ(data.at("has_incident_banner"), true);
  EXPECT_EQ(data.at("incident_banner"),
            json::parse(R"([{"title":"Card payments failing","href":"/status#incident-7","impact":"major"}])"));
  for (const char* none : {R"({"incidents":[]})", "", "not json", R"({"incidents":[{"id":1}]})"}) {
    const auto without = data_of(form_page(config, none));
    EXPECT_FALSE(without.contains("has_incident_banner")) << none;
    EXPECT_FALSE(without.contains("incident_banner")) << none;
  }
}

TEST(FormPage, ConfiguredTitleAndNoAttachments) {
  Config config;
  config.title = "Help <desk>";
  config.max_attachments = 0;
  const auto data = data_of(form_page(config));
  EXPECT_EQ(data.at("title"), "Help <desk>");  // escaped by the template, not here
  EXPECT_FALSE(data.contains("attachments"));
}

TEST(TicketPage, NumberAndTokenOrDuplicate) {
  const Config config;
  auto data = data_of(ticket_page(201, config, "TKT-1-000001", "tok", true));
  EXPECT_EQ(data.at("created"), true);
  EXPECT_EQ(data.at("ticketNumber"), "TKT-1-000001");
  EXPECT_EQ(data.at("accessToken"), "tok");
  data = data_of(ticket_page(200, config, "TKT-1-000001", "", false));
  EXPECT_EQ(data.at("duplicate"), true);
  EXPECT_FALSE(data.contains("accessToken"));
}

TEST(FailurePage, NamesTheKindOfRefusal) {
  const Config config;
  const struct {
    const char* code;
    const char* kind;
  } cases[] = {{"rate_limited", "rate_limited"}, {"attachment_too_large", "attachments"},
               {"too_many_attachments", "attachments"}, {"unavailable", "unavailable"},
               {"rejected", "rejected"}, {"validation_failed", "invalid"}, {"invalid_json", "invalid"}};
  for (const auto& c : cases) {
    const auto r = failure_page(config, Failure{418, c.code, "detail <x>"});
    EXPECT_EQ(r.status, 418);
    EXPECT_EQ(r.page, "support_answer");
    const auto data = data_of(r);
    EXPECT_EQ(data.at("failure").as_object().size(), 1U) << c.code;
    EXPECT_EQ(data.at("failure").at(c.kind), true) << c.code;
    EXPECT_EQ(data.at("detail"), "detail <x>");
  }
}

TEST(ReceivedPage, ThanksWithoutATicket) {
  const auto r = received_page(Config{});
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(data_of(r).at("received"), true);
}

}  // namespace
}  // namespace frontdesk::webform
