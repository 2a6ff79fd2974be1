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
      error_reply(Failure{400, "validation_failed", "name is required"}, false, "T");
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
  const sdk::Response r = error_reply(Failure{429, "rate_limited", "slow down"}, false, "T", 42);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(header(r, "Retry-After"), "42");
}

TEST(ErrorReply, HtmlForBrowsers) {
  const sdk::Response r = error_reply(Failure{413, "attachment_too_large", "too <big>"}, true, "T");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("too &lt;big&gt;"), std::string::npos);
  EXPECT_TRUE(header(r, "Content-Security-Policy").has_value());
}

TEST(ThankYouReply, SameAsASuccessfulPostWouldLookToABot) {
  const sdk::Response r = thank_you_reply(false, "T");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"success":true,"message":"Thank you"})");
  EXPECT_EQ(thank_you_reply(true, "T").status, 202);
}

TEST(ResultReply, Created) {
  sdk::InboundResult result;
  result.status = FD_INGEST_CREATED;
  result.ticket_id = 7;
  result.ticket_number = "TKT-1700000000-000007";
  result.customer_token = "secret-token";
  const sdk::Response r = result_reply(result, false, "T");
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
  const sdk::Response r = result_reply(result, false, "T");
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
  sdk::Response r = result_reply(result, false, "T");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(
                R"({"success":false,"error":{"code":"rejected","message":"subject too long"}})"));

  result.status = FD_INGEST_FAILED;
  r = result_reply(result, false, "T");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "unavailable");
}

TEST(ResultReply, HtmlPageShowsNumberAndToken) {
  sdk::InboundResult result;
  result.status = FD_INGEST_CREATED;
  result.ticket_number = "TKT-1-000001";
  result.customer_token = "abc<def>";
  const sdk::Response r = result_reply(result, true, "Support");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("TKT-1-000001"), std::string::npos);
  EXPECT_NE(r.body.find("abc&lt;def&gt;"), std::string::npos);
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  EXPECT_EQ(header(r, "Referrer-Policy"), "no-referrer");
}

TEST(FormReply, HtmlWithSecurityHeaders) {
  const sdk::Response r = form_reply("Support", 10, 1024);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(r, "Content-Security-Policy"),
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace frontdesk::webform
