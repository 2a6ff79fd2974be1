// SPDX-License-Identifier: Apache-2.0
#include "api/json_body.hpp"

#include "core/ticket_enums.hpp"

#include <gtest/gtest.h>

namespace frontdesk::api {
namespace {

// The status of the Problem a result holds, 0 for a value.
template <class T>
unsigned status_of(const Result<T>& result) {
  return result ? 0U : result.error().status;
}

JsonBody parsed(std::string_view text, std::initializer_list<std::string_view> allowed) {
  auto body = JsonBody::parse(text, allowed);
  EXPECT_TRUE(body.has_value()) << text;
  return *std::move(body);
}

TEST(JsonBody, MalformedJsonAndNonObjectsAre400) {
  EXPECT_EQ(status_of(JsonBody::parse("{", {})), 400U);
  EXPECT_EQ(status_of(JsonBody::parse("[1]", {})), 400U);
  EXPECT_EQ(status_of(JsonBody::parse("\"x\"", {})), 400U);
  EXPECT_EQ(status_of(JsonBody::parse("{\"a\":\"\xff\"}", {"a"})), 400U) << "invalid UTF-8";
  EXPECT_EQ(JsonBody::parse("[1]", {}).error().code, "invalid_json");
}

TEST(JsonBody, UnknownFieldsAre422) {
  EXPECT_EQ(status_of(JsonBody::parse(R"({"subjekt":"x"})", {"subject"})), 422U);
  EXPECT_EQ(JsonBody::parse(R"({"subjekt":"x"})", {"subject"}).error().message,
            "unknown field 'subjekt'");
  EXPECT_EQ(status_of(JsonBody::parse("", {"subject"})), 0U) << "an empty body is {}";
}

TEST(JsonBody, TypedAccessNamesTheField) {
  const auto body =
      parsed(R"({"s":5,"n":"7","b":1,"list":["a",""],"p":"critical","ok":"high","id":"12"})",
             {"s", "n", "b", "list", "p", "ok", "id"});
  const auto s = body.string("s", 10);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().status, 422U);
  EXPECT_EQ(s.error().code, "validation_failed");
  EXPECT_EQ(s.error().message, "s must be a string");
  EXPECT_EQ(status_of(body.integer("n", 1, 5)), 422U);
  EXPECT_EQ(status_of(body.boolean("b")), 422U);
  EXPECT_EQ(status_of(body.strings("list", 5, 10)), 422U);
  const auto p = body.enumeration<core::Priority>("p");
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().message, "p: invalid priority 'critical' (valid: urgent, high, medium, low)");
  EXPECT_EQ(*body.enumeration<core::Priority>("ok"), core::Priority::high);
  EXPECT_EQ(*body.id("id"), 12);
  EXPECT_FALSE(body.string("absent", 5)->has_value());
  EXPECT_EQ(body.required_string("absent", 5).error().message, "absent is required");
}

TEST(JsonBody, OversizeStringsAre413AndNulIs422) {
  const auto body = parsed(R"({"s":"abcdef","z":"a\u0000b"})", {"s", "z"});
  EXPECT_EQ(status_of(body.string("s", 5)), 413U);
  EXPECT_EQ(body.string("s", 5).error().code, "payload_too_large");
  EXPECT_EQ(status_of(body.string("z", 5)), 422U);
}

TEST(JsonBody, RangesAreChecked) {
  const auto body = parsed(R"({"r":6,"big":18446744073709551615,"frac":2.5})", {"r", "big", "frac"});
  EXPECT_EQ(status_of(body.integer("r", 1, 5)), 422U);
  EXPECT_EQ(status_of(body.integer("big", 1, 5)), 422U);
  EXPECT_EQ(status_of(body.integer("frac", 1, 5)), 422U);
  EXPECT_EQ(parse_id("0"), std::nullopt);
  EXPECT_EQ(parse_id("12x"), std::nullopt);
  EXPECT_EQ(parse_id("42"), 42);
}

// FD_TRY / FD_CHECK pass a Problem on and let a value through.
Result<std::int64_t> doubled_id(const JsonBody& body) {
  FD_TRY(const auto id, body.id("id"));
  if (!id) return invalid("id is required");
  return *id * 2;
}

Result<> checked(const JsonBody& body) {
  FD_CHECK(doubled_id(body));
  return {};
}

TEST(JsonBody, ProblemsPropagate) {
  EXPECT_EQ(*doubled_id(parsed(R"({"id":21})", {"id"})), 42);
  EXPECT_EQ(doubled_id(parsed(R"({})", {"id"})).error().message, "id is required");
  EXPECT_EQ(doubled_id(parsed(R"({"id":"x"})", {"id"})).error().message, "id must be a positive id");
  EXPECT_TRUE(checked(parsed(R"({"id":1})", {"id"})).has_value());
  EXPECT_EQ(status_of(checked(parsed(R"({"id":-1})", {"id"}))), 422U);
}

}  // namespace
}  // namespace frontdesk::api
