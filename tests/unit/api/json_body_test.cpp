#include "api/json_body.hpp"

#include "core/ticket_enums.hpp"

#include <gtest/gtest.h>

namespace frontdesk::api {
namespace {

unsigned status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status;
  }
  return 0;
}

TEST(JsonBody, MalformedJsonAndNonObjectsAre400) {
  EXPECT_EQ(status_of([] { JsonBody("{", {}); }), 400U);
  EXPECT_EQ(status_of([] { JsonBody("[1]", {}); }), 400U);
  EXPECT_EQ(status_of([] { JsonBody("\"x\"", {}); }), 400U);
  EXPECT_EQ(status_of([] { JsonBody("{\"a\":\"\xff\"}", {"a"}); }), 400U) << "invalid UTF-8";
}

TEST(JsonBody, UnknownFieldsAre422) {
  EXPECT_EQ(status_of([] { JsonBody(R"({"subjekt":"x"})", {"subject"}); }), 422U);
  EXPECT_EQ(status_of([] { JsonBody("", {"subject"}); }), 0U) << "an empty body is {}";
}

TEST(JsonBody, TypedAccessNamesTheField) {
  JsonBody body(R"({"s":5,"n":"7","b":1,"list":["a",""],"p":"critical","ok":"high","id":"12"})",
                {"s", "n", "b", "list", "p", "ok", "id"});
  try {
    (void)body.string("s", 10);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 422U);
    EXPECT_STREQ(e.what(), "s must be a string");
  }
  EXPECT_EQ(status_of([&] { (void)body.integer("n", 1, 5); }), 422U);
  EXPECT_EQ(status_of([&] { (void)body.boolean("b"); }), 422U);
  EXPECT_EQ(status_of([&] { (void)body.strings("list", 5, 10); }), 422U);
  try {
    (void)body.enumeration<core::Priority>("p");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(std::string(e.what()),
              "p: invalid priority 'critical' (valid: urgent, high, medium, low)");
  }
  EXPECT_EQ(body.enumeration<core::Priority>("ok"), core::Priority::high);
  EXPECT_EQ(body.id("id"), 12);
  EXPECT_FALSE(body.string("absent", 5).has_value());
}

TEST(JsonBody, OversizeStringsAre413AndNulIs422) {
  JsonBody body(R"({"s":"abcdef","z":"a\u0000b"})", {"s", "z"});
  EXPECT_EQ(status_of([&] { (void)body.string("s", 5); }), 413U);
  EXPECT_EQ(status_of([&] { (void)body.string("z", 5); }), 422U);
}

TEST(JsonBody, RangesAreChecked) {
  JsonBody body(R"({"r":6,"big":18446744073709551615,"frac":2.5})", {"r", "big", "frac"});
  EXPECT_EQ(status_of([&] { (void)body.integer("r", 1, 5); }), 422U);
  EXPECT_EQ(status_of([&] { (void)body.integer("big", 1, 5); }), 422U);
  EXPECT_EQ(status_of([&] { (void)body.integer("frac", 1, 5); }), 422U);
  EXPECT_EQ(parse_id("0"), std::nullopt);
  EXPECT_EQ(parse_id("12x"), std::nullopt);
  EXPECT_EQ(parse_id("42"), 42);
}

}  // namespace
}  // namespace frontdesk::api
