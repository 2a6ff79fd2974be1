// SPDX-License-Identifier: Apache-2.0
#include "http/response.hpp"

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace frontdesk::http {
namespace {

TEST(Response, ErrorHasTheContractShape) {
  const auto response = Response::error(404, "not_found", "No such ticket.");
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body,
            R"({"success":false,"error":{"code":"not_found","message":"No such ticket."}})");
}

TEST(Response, ErrorEscapesItsText) {
  const auto response = Response::error(400, "bad_request", "quote \" and\nnewline");
  EXPECT_EQ(response.body,
            R"({"success":false,"error":{"code":"bad_request","message":"quote \" and\nnewline"}})");
}

TEST(Response, JsonSerializesTheValue) {
  const auto response = Response::json(201, boost::json::value{{"success", true}, {"id", 7}});
  EXPECT_EQ(response.status, 201u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"success":true,"id":7})");
}

TEST(Response, TextAndHtml) {
  const auto text = Response::text(200, "ok");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.body, "ok");
  const auto html = Response::html(200, "<p>Thanks</p>");
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(html.body, "<p>Thanks</p>");
}

TEST(Response, HeaderValidation) {
  EXPECT_TRUE(valid_header_name("X-Request-Id"));
  EXPECT_FALSE(valid_header_name(""));
  EXPECT_FALSE(valid_header_name("Bad Name"));
  EXPECT_FALSE(valid_header_name("X:Y"));
  EXPECT_TRUE(valid_header_value("text/plain; charset=utf-8\twith tab"));
  EXPECT_TRUE(valid_header_value(""));
  EXPECT_FALSE(valid_header_value("a\r\nSet-Cookie: x"));
  EXPECT_FALSE(valid_header_value("a\nb"));
  EXPECT_FALSE(valid_header_value(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace frontdesk::http
