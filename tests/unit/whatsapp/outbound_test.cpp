// SPDX-License-Identifier: Apache-2.0
#include "outbound.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace frontdesk::whatsapp {
namespace {

constexpr std::int64_t kNow = 1'790'000'000'000;
constexpr std::int64_t kHour = 3'600'000;

Config config(std::string template_name = "") {
  Config c;
  c.template_name = std::move(template_name);
  c.template_language = "en_US";
  return c;
}

boost::json::object request(const SendPlan& plan) { return boost::json::parse(plan.request_json).as_object(); }

TEST(PlanSend, TextInsideTheWindow) {
  const auto plan = plan_send(config(), {"16315551234", "Hello", "{}", kNow - 23 * kHour}, kNow);
  ASSERT_EQ(plan.kind, "text");
  const auto r = request(plan);
  EXPECT_EQ(r.at("messaging_product").as_string(), "whatsapp");
  EXPECT_EQ(r.at("to").as_string(), "16315551234");
  EXPECT_EQ(r.at("type").as_string(), "text");
  EXPECT_EQ(r.at("text").at("body").as_string(), "Hello");
}

TEST(PlanSend, TemplateOutsideTheWindow) {
  const auto plan = plan_send(config("support_update"), {"1", "Your refund", "", kNow - 25 * kHour}, kNow);
  ASSERT_EQ(plan.kind, "template");
  const auto r = request(plan);
  EXPECT_EQ(r.at("template").at("name").as_string(), "support_update");
  EXPECT_EQ(r.at("template").at("language").at("code").as_string(), "en_US");
  EXPECT_EQ(r.at("template").at("components").at(0).at("parameters").at(0).at("text").as_string(), "Your refund");
}

TEST(PlanSend, TemplateFromTheRowWins) {
  const auto plan = plan_send(config("support_update"),
                              {"1", "x", R"({"template":{"name":"order_ready","language":"es"}})", 0}, kNow);
  const auto r = request(plan);
  EXPECT_EQ(r.at("template").at("name").as_string(), "order_ready");
  EXPECT_EQ(r.at("template").at("language").at("code").as_string(), "es");
}

TEST(PlanSend, TemplateParametersFromTheRowInOrder) {
  const auto plan = plan_send(config(), {"1", "ignored", R"({"template":{"name":"order_ready","language":"en","parameters":["A-17","Friday"]}})", 0},
                              kNow);
  ASSERT_EQ(plan.kind, "template");
  const auto r = request(plan);
  const auto& parameters = r.at("template").at("components").at(0).at("parameters").as_array();
  ASSERT_EQ(parameters.size(), 2U);
  EXPECT_EQ(parameters[0].at("text").as_string(), "A-17");
  EXPECT_EQ(parameters[1].at("text").as_string(), "Friday");
}

TEST(PlanSend, RefusesWithAClearReasonWhenNoTemplateFits) {
  const auto late = plan_send(config(), {"1", "x", "", 1'789'900'000'000}, kNow);
  EXPECT_TRUE(late.request_json.empty());
  EXPECT_EQ(late.refusal,
            "outside WhatsApp's 24-hour customer-service window (the customer last wrote at "
            "2026-09-20T10:26:40Z) and no template is configured (channels.whatsapp.template_name)");
  const auto never = plan_send(config(), {"1", "x", "", 0}, kNow);
  EXPECT_EQ(never.refusal.rfind("the customer never wrote on WhatsApp", 0), 0U);
}

TEST(PlanSend, SurveyIsAnInteractiveListOfFiveRatings) {
  const auto plan = plan_send(config(), {"1", "How did we do?", R"({"survey":"csat"})", kNow - kHour}, kNow);
  ASSERT_EQ(plan.kind, "interactive");
  const auto r = request(plan);
  EXPECT_EQ(r.at("interactive").at("type").as_string(), "list");
  EXPECT_EQ(r.at("interactive").at("body").at("text").as_string(), "How did we do?");
  const auto& rows = r.at("interactive").at("action").at("sections").at(0).at("rows").as_array();
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].at("id").as_string(), "csat:5");
  EXPECT_EQ(rows[4].at("id").as_string(), "csat:1");
  for (const auto& row : rows) EXPECT_LE(row.at("title").as_string().size(), 24U);
}

TEST(ClassifyResponse, SentWithTheWamid) {
  const auto o = classify_response(
      200, R"({"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[{"id":"wamid.HBgL"}]})");
  EXPECT_EQ(o.status, FD_DELIVERY_SENT);
  EXPECT_EQ(o.provider_id, "wamid.HBgL");
}

TEST(ClassifyResponse, TransientAndPermanentErrors) {
  EXPECT_EQ(classify_response(500, "oops").status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(classify_response(429, "{}").status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(classify_response(400, R"({"error":{"message":"rate","code":130429}})").status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(classify_response(401, R"({"error":{"message":"expired","code":190}})").status, FD_DELIVERY_TRANSIENT);
  const auto window = classify_response(
      400, R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047}})");
  EXPECT_EQ(window.status, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(window.error, "Graph API error 131047: (#131047) Re-engagement message");
  EXPECT_EQ(classify_response(404, "").error, "HTTP 404");
}

}  // namespace
}  // namespace frontdesk::whatsapp
