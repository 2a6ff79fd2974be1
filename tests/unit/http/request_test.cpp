// SPDX-License-Identifier: Apache-2.0
#include "http/request.hpp"

#include <gtest/gtest.h>

namespace frontdesk::http {
namespace {

Request with_header(std::string name, std::string value) {
  Request request;
  request.headers.emplace_back(std::move(name), std::move(value));
  return request;
}

TEST(Request, HeaderLookupIgnoresCase) {
  Request request;
  request.headers = {{"Content-Type", "application/json"}, {"X-Trace", "a"}, {"x-trace", "b"}};
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("X-TRACE"), "a");
  EXPECT_FALSE(request.header("Accept").has_value());
}

TEST(Request, QueryParamIsDecoded) {
  Request request;
  request.query = "q=printer+jam%21&status=open&flag&empty=&a%20b=c";
  EXPECT_EQ(request.query_param("q"), "printer jam!");
  EXPECT_EQ(request.query_param("status"), "open");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_EQ(request.query_param("empty"), "");
  EXPECT_EQ(request.query_param("a b"), "c");
  EXPECT_FALSE(request.query_param("page").has_value());
}

TEST(Request, QueryParamOnEmptyOrMalformedQuery) {
  Request request;
  EXPECT_FALSE(request.query_param("q").has_value());
  request.query = "q=%zz";
  EXPECT_FALSE(request.query_param("q").has_value());
}

TEST(Request, BearerToken) {
  EXPECT_EQ(with_header("Authorization", "Bearer fdc_abc").bearer_token(), "fdc_abc");
  EXPECT_EQ(with_header("authorization", "bearer   fdc_abc  ").bearer_token(), "fdc_abc");
  EXPECT_FALSE(with_header("Authorization", "Basic dXNlcjpwYXNz").bearer_token().has_value());
  EXPECT_FALSE(with_header("Authorization", "Bearer").bearer_token().has_value());
  EXPECT_FALSE(with_header("Authorization", "Bearer   ").bearer_token().has_value());
  EXPECT_FALSE(with_header("Authorization", "Bearerfdc_abc").bearer_token().has_value());
  EXPECT_FALSE(Request{}.bearer_token().has_value());
}

TEST(Request, ParamByName) {
  Request request;
  request.param_names = {"id", "message"};
  request.params = {"TKT-1", "7"};
  EXPECT_EQ(request.param("id"), "TKT-1");
  EXPECT_EQ(request.param("message"), "7");
  EXPECT_FALSE(request.param("other").has_value());
}

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
  EXPECT_EQ(percent_decode("a%20b+c"), "a b+c");
  EXPECT_EQ(percent_decode("%C3%A9"), "\xC3\xA9");
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_FALSE(percent_decode("%2").has_value());
  EXPECT_FALSE(percent_decode("%zz").has_value());
}

}  // namespace
}  // namespace frontdesk::http
