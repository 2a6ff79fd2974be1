// SPDX-License-Identifier: Apache-2.0
#include "replies.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <optional>
#include <string>

namespace frontdesk::webform {
namespace {

std::optional<std::string> header(const sdk::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

TEST(PrefersHtml, BrowsersYesApiClientsNo) {
  EXPECT_TRUE(prefers_html(
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"));
  EXPECT_TRUE(prefers_html("text/html"));
  EXPECT_TRUE(prefers_html("text/*, application/json;q=0.5"));
  EXPECT_FALSE(prefers_html(""));
  EXPECT_FALSE(prefers_html("*/*"));
  EXPECT_FALSE(prefers_html("application/json"));
  EXPECT_FALSE(prefers_html("application/json, text/html"));  // equal: JSON stays the default
  EXPECT_FALSE(prefers_html("text/html;q=0.5, application/json"));
  EXPECT_FALSE(prefers_html("text/html;q=0, */*"));
  EXPECT_TRUE(prefers_html("TEXT/HTML; Q=1, application/*;q=0.2"));
  EXPECT_FALSE(prefers_html("text/html;q=bogus"));
  EXPECT_FALSE(prefers_html("garbage"));
}

TEST(ErrorReply, JsonShape) {
  const sdk::Response r =
      error_reply(Failure{400, "validation_failed", "name is required"}, false, Config{});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(
      boost::json::parse(r.body),
      boost::json::parse(
          R"({"success":false,"error":{"code":"validation_failed","message":"name is required"}})"));
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  EXPECT_EQ(header(r, "Retry-After"), std::nullopt);
}

TEST(ErrorReply, RateLimitedCarriesRetryAfter) {
  const sdk::Response r = error_reply(Failure{429, "rate_limited", "slow down"}, false, Config{}, 42);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(header(r, "Retry-After"), "42");
}

TEST(ErrorReply, HtmlForBrowsers) {
  const sdk::Response r = error_reply(Failure{413, "attachment_too_large", "too <big>"}, true, Config{});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.page, "support_answer");  // rendered by the host, which escapes
  EXPECT_EQ(header(r, "Vary"), "Accept, Accept-Language");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
}

TEST(ThankYouReply, SameAsASuccessfulPostWouldLookToABot) {
  const sdk::Response r = thank_you_reply(false, Config{});
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"success":true,"message":"Thank you"})");
  EXPECT_EQ(thank_you_reply(true, Config{}).status, 202);
}

TEST(ResultReply, Created) {
  sdk::InboundResult result;
  result.status = FD_INGEST_CREATED;
  result.ticket_id = 7;
  result.ticket_number = "TKT-1700000000-000007";
  result.customer_token = "secret-token";
  const sdk::Response r = result_reply(result, false, Config{});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(
                R"({"success":true,"ticket":{"id":7,"ticketNumber":"TKT-1700000000-000007",)"
                R"("status":"open"},"accessToken":"secret-token"})"));
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
}

TEST(ResultReply, DuplicateHasNoToken) {
  sdk::InboundResult result;
  result.status = FD_INGEST_DUPLICATE;
  result.ticket_id = 7;
  result.ticket_number = "TKT-1700000000-000007";
  result.customer_token = "never-shown";
  const sdk::Response r = result_reply(result, false, Config{});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(
                R"({"success":true,"ticket":{"id":7,"ticketNumber":"TKT-1700000000-000007",)"
                R"("status":"open"}})"));
}

TEST(ResultReply, RejectedAndFailed) {
  sdk::InboundResult result;
  result.status = FD_INGEST_REJECTED;
  result.error = "subject too long";
  sdk::Response r = result_reply(result, false, Config{});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(
                R"({"success":false,"error":{"code":"rejected","message":"subject too long"}})"));

  result.status = FD_INGEST_FAILED;
  r = result_reply(result, false, Config{});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "unavailable");
}

TEST(ResultReply, HtmlPageShowsNumberAndToken) {
  sdk::InboundResult result;
  result.status = FD_INGEST_CREATED;
  result.ticket_number = "TKT-1-000001";
  result.customer_token = "abc";
  const sdk::Response r = result_reply(result, true, Config{});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.page, "support_answer");
  const auto data = boost::json::parse(r.body);
  EXPECT_EQ(data.at("ticketNumber"), "TKT-1-000001");
  EXPECT_EQ(data.at("accessToken"), "abc");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
}

}  // namespace
}  // namespace frontdesk::webform
