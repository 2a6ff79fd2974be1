// SPDX-License-Identifier: Apache-2.0
#include "intake.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace frontdesk::webform {
namespace {

using std::chrono::seconds;
const RateLimiter::Clock::time_point kNow = RateLimiter::Clock::time_point(std::chrono::hours(100));

constexpr const char* kGoodJson =
    R"({"name":"Ada","email":"Ada@Example.com","subject":"Hello","description":"Please help","category":"billing"})";

IntakeRequest json_request(const std::string& body) {
  IntakeRequest request;
  request.remote_addr = "203.0.113.9";
  request.content_type = "application/json";
  request.user_agent = "curl/8.0\r\nX-Injected: 1";
  request.body = body;
  return request;
}

Config config_with_limit(std::size_t limit) {
  Config config;
  config.rate_limit_per_minute = limit;
  return config;
}

sdk::Response expect_response(const IntakeOutcome& outcome) {
  if (!std::holds_alternative<sdk::Response>(outcome)) {
    ADD_FAILURE() << "expected an immediate answer";
    return {};
  }
  return std::get<sdk::Response>(outcome);
}

const Accepted& expect_accepted(const IntakeOutcome& outcome) {
  static const Accepted kNone{};
  if (const auto* response = std::get_if<sdk::Response>(&outcome)) {
    ADD_FAILURE() << "expected an accepted submission, got " << response->status << " "
                  << response->body;
    return kNone;
  }
  return std::get<Accepted>(outcome);
}

TEST(Intake, GoodJsonBecomesAMessage) {
  Intake intake{Config{}};
  const std::string body = kGoodJson;
  IntakeRequest request = json_request(body);
  request.accept_language = "de-CH, de;q=0.9, en;q=0.5";
  const IntakeOutcome outcome = intake.submit(request, kNow);
  const Accepted& accepted = expect_accepted(outcome);
  const sdk::InboundMessage& m = accepted.message;
  EXPECT_FALSE(accepted.html);
  EXPECT_EQ(m.external_id.size(), 32U);
  EXPECT_EQ(m.external_id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(m.identity_kind, "email");
  EXPECT_EQ(m.identity_value, "ada@example.com");
  EXPECT_EQ(m.customer_name, "Ada");
  EXPECT_EQ(m.customer_language, "de-CH");
  EXPECT_EQ(m.subject, "Hello");
  EXPECT_EQ(m.body, "Please help");
  EXPECT_EQ(m.category, "billing");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.flags, FD_INBOUND_ISSUE_CUSTOMER_TOKEN | FD_INBOUND_NEW_TICKET);
  EXPECT_EQ(
      boost::json::parse(m.metadata_json),
      boost::json::parse(R"({"remoteAddr":"203.0.113.9","userAgent":"curl/8.0X-Injected: 1"})"));
}

TEST(Intake, IdempotencyKeyBecomesTheExternalId) {
  Intake intake{Config{}};
  const std::string body = kGoodJson;
  IntakeRequest request = json_request(body);
  request.idempotency_key = "order-42-retry";
  const IntakeOutcome outcome = intake.submit(request, kNow);
  EXPECT_EQ(expect_accepted(outcome).message.external_id, "order-42-retry");
}

TEST(Intake, RandomIdsDiffer) {
  EXPECT_NE(random_submission_id(), random_submission_id());
}

TEST(Intake, MultipartAttachmentsArePassedOn) {
  Intake intake{Config{}};
  const std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nada@example.com\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nHi\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nSee file\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"../log.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline\r\n--B--\r\n";
  IntakeRequest request = json_request(body);
  request.content_type = "multipart/form-data; boundary=B";
  request.accept = "text/html,*/*;q=0.8";
  const IntakeOutcome outcome = intake.submit(request, kNow);
  const Accepted& accepted = expect_accepted(outcome);
  EXPECT_TRUE(accepted.html);
  ASSERT_EQ(accepted.message.attachments.size(), 1U);
  EXPECT_EQ(accepted.message.attachments[0].filename, "log.txt");
  EXPECT_EQ(accepted.message.attachments[0].content_type, "text/plain");
  EXPECT_EQ(accepted.message.attachments[0].data, "line");
  EXPECT_EQ(accepted.message.category, "");
}

TEST(Intake, HoneypotIsThankedAndMakesNothing) {
  Intake intake{Config{}};
  const std::string body =
      R"({"name":"Bot","email":"bot@spam.example","subject":"Buy","description":"x","website":"http://spam.example"})";
  const sdk::Response r = expect_response(intake.submit(json_request(body), kNow));
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"success":true,"message":"Thank you"})");
}

TEST(Intake, HoneypotWinsOverValidationErrors) {
  Intake intake{Config{}};
  const std::string body = "name=&email=nonsense&website=x";
  IntakeRequest request = json_request(body);
  request.content_type = "application/x-www-form-urlencoded";
  EXPECT_EQ(expect_response(intake.submit(request, kNow)).status, 202);
}

TEST(Intake, ValidationFailure) {
  Intake intake{Config{}};
  const std::string body = R"({"name":"Ada","email":"nope","subject":"Hi","description":"x"})";
  const sdk::Response r = expect_response(intake.submit(json_request(body), kNow));
  EXPECT_EQ(r.status, 422);  // as the API answers the same fault at the same URL
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(R"({"success":false,"error":{"code":"validation_failed",)"
                               R"("message":"email must be a valid email address"}})"));
}

TEST(Intake, ParseFailuresAnswerRightAway) {
  Intake intake{Config{}};
  const std::string body = "{nope";
  EXPECT_EQ(expect_response(intake.submit(json_request(body), kNow)).status, 400);
  IntakeRequest request = json_request(body);
  request.content_type = "text/plain";
  EXPECT_EQ(expect_response(intake.submit(request, kNow)).status, 415);
}

TEST(Intake, RateLimitCountsAcceptedSubmissionsPerAddress) {
  Intake intake{config_with_limit(2)};
  const std::string body = kGoodJson;
  const std::string bad = R"({"name":""})";
  IntakeRequest request = json_request(body);
  EXPECT_TRUE(std::holds_alternative<Accepted>(intake.submit(request, kNow)));
  EXPECT_EQ(expect_response(intake.submit(json_request(bad), kNow)).status, 422);  // not counted
  EXPECT_TRUE(std::holds_alternative<Accepted>(intake.submit(request, kNow + seconds(20))));

  const IntakeOutcome refused = intake.submit(request, kNow + seconds(30));
  const sdk::Response r = expect_response(refused);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "rate_limited");
  bool has_retry_after = false;
  for (const auto& [name, value] : r.headers) {
    if (name == "Retry-After") {
      has_retry_after = true;
      EXPECT_EQ(value, "30");
    }
  }
  EXPECT_TRUE(has_retry_after);

  IntakeRequest other = json_request(body);
  other.remote_addr = "198.51.100.20";
  EXPECT_TRUE(std::holds_alternative<Accepted>(intake.submit(other, kNow + seconds(30))));
  EXPECT_TRUE(std::holds_alternative<Accepted>(intake.submit(request, kNow + seconds(60))));
}

TEST(Intake, HoneypotSubmissionsAreRateLimitedToo) {
  Intake intake{config_with_limit(1)};
  const std::string body = R"({"website":"x"})";
  EXPECT_EQ(expect_response(intake.submit(json_request(body), kNow)).status, 202);
  EXPECT_EQ(expect_response(intake.submit(json_request(body), kNow)).status, 429);
}

TEST(Intake, AnswerMapsTheResult) {
  const Intake intake{Config{}};
  sdk::InboundResult result;
  result.status = FD_INGEST_CREATED;
  result.ticket_id = 3;
  result.ticket_number = "TKT-1-000003";
  result.customer_token = "t";
  EXPECT_EQ(intake.answer(result, false).status, 201);
  result.status = FD_INGEST_FAILED;
  EXPECT_EQ(intake.answer(result, true).status, 503);
}

TEST(Intake, FormUsesTheConfiguredTitle) {
  Config config;
  config.title = "Hilfe & Kontakt";
  const Intake intake{config};
  const sdk::Response form = intake.form();
  EXPECT_EQ(form.status, 200);
  EXPECT_EQ(form.page, "support_new");
  EXPECT_EQ(boost::json::parse(form.body).at("title"), "Hilfe & Kontakt");  // the template escapes
}

TEST(PreferredLanguage, FirstUsableTag) {
  EXPECT_EQ(preferred_language("de-CH, de;q=0.9, en;q=0.5"), "de-CH");
  EXPECT_EQ(preferred_language("fr"), "fr");
  EXPECT_EQ(preferred_language("*, en"), "en");
  EXPECT_EQ(preferred_language("es;q=0, pt-BR;q=0.8"), "pt-BR");
  EXPECT_EQ(preferred_language("zh-Hant-TW"), "zh-Hant-TW");
  EXPECT_EQ(preferred_language(""), "");
  EXPECT_EQ(preferred_language("<script>"), "");
  EXPECT_EQ(preferred_language("e"), "");
}

}  // namespace
}  // namespace frontdesk::webform
