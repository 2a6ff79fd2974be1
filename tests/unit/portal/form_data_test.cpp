// SPDX-License-Identifier: Apache-2.0
#include "portal/form_data.hpp"

#include <gtest/gtest.h>

namespace frontdesk::portal {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=XyZ";

std::string part(std::string_view headers, std::string_view content) {
  return "--XyZ\r\n" + std::string(headers) + "\r\n\r\n" + std::string(content) + "\r\n";
}

TEST(FormData, UrlencodedDecodesPlusAndPercentAndKeepsTheFirstValue) {
  const auto out = parse_form("application/x-www-form-urlencoded", "message=a+b%0D%0Ac&csrf=1&csrf=2&empty");
  ASSERT_TRUE(out.form);
  EXPECT_EQ(out.form->field("message"), "a b\r\nc");
  EXPECT_EQ(out.form->field("csrf"), "1");
  EXPECT_EQ(out.form->field("empty"), "");
  EXPECT_EQ(out.form->field("absent"), "");
}

TEST(FormData, UrlencodedWithABadEscapeIsMalformed) {
  const auto out = parse_form("application/x-www-form-urlencoded", "a=%zz");
  EXPECT_FALSE(out.form);
  EXPECT_EQ(out.error, FormError::malformed);
}

TEST(FormData, MultipartFieldsAndFiles) {
  const auto body = part("Content-Disposition: form-data; name=\"message\"", "line 1\r\nline 2") +
                    part("Content-Disposition: form-data; name=\"files\"; filename=\"C:\\\\tmp\\\\a;b.png\"\r\n"
                         "Content-Type: image/png",
                         std::string("\0\1\2", 3)) +
                    part("Content-Disposition: form-data; name=\"files\"; filename=\"\"\r\n"
                         "Content-Type: application/octet-stream",
                         "") +
                    "--XyZ--\r\n";
  const auto out = parse_form(kType, body);
  ASSERT_TRUE(out.form);
  EXPECT_EQ(out.form->field("message"), "line 1\r\nline 2");
  ASSERT_EQ(out.form->files.size(), 1U) << "an empty file input sends nothing";
  EXPECT_EQ(out.form->files[0].name, "a;b.png");
  EXPECT_EQ(out.form->files[0].content_type, "image/png");
  EXPECT_EQ(out.form->files[0].data, std::string("\0\1\2", 3));
}

TEST(FormData, MultipartLimits) {
  const auto file = part("Content-Disposition: form-data; name=\"f\"; filename=\"x\"", "12345");
  EXPECT_EQ(parse_form(kType, file + "--XyZ--\r\n", {4, 10}).error, FormError::file_too_large);
  EXPECT_EQ(parse_form(kType, file + file + "--XyZ--\r\n", {10, 1}).error, FormError::too_many_files);
  EXPECT_TRUE(parse_form(kType, file + file + "--XyZ--\r\n", {10, 2}).form);
}

TEST(FormData, MultipartWithoutItsEndOrBoundaryIsMalformed) {
  const auto field = part("Content-Disposition: form-data; name=\"a\"", "1");
  EXPECT_FALSE(parse_form(kType, field).form);
  EXPECT_FALSE(parse_form("multipart/form-data", field + "--XyZ--\r\n").form);
  EXPECT_EQ(parse_form("text/plain", "a=1").error, FormError::unsupported);
}

TEST(FormData, FileNamesAreMadeSafe) {
  const auto body = part("Content-Disposition: form-data; name=\"f\"; filename=\"..\\..\\a\x7f.txt\"", "x") + "--XyZ--\r\n";
  const auto form = parse_form(kType, body).form;
  ASSERT_TRUE(form);
  ASSERT_EQ(form->files.size(), 1U);
  EXPECT_EQ(form->files[0].name, "a.txt");
}

}  // namespace
}  // namespace frontdesk::portal
