// SPDX-License-Identifier: Apache-2.0
#include "submission.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/StringPartSource.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace frontdesk::webform {
namespace {

const UploadLimits kLimits{1024, 3};

Submission expect_submission(ParseOutcome outcome) {
  if (const auto* failure = std::get_if<Failure>(&outcome)) {
    ADD_FAILURE() << failure->status << " " << failure->code << ": " << failure->message;
    return {};
  }
  return std::get<Submission>(std::move(outcome));
}

Failure expect_failure(ParseOutcome outcome) {
  if (std::holds_alternative<Submission>(outcome)) {
    ADD_FAILURE() << "expected a failure, got a submission";
    return {};
  }
  return std::get<Failure>(std::move(outcome));
}

// What Firefox sends for the form of GET /support/new with two files picked.
const std::string kBrowserBoundary = "---------------------------9051914041544843365972754266";
constexpr char kBrowserBodyText[] =
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"name\"\r\n"
    "\r\n"
    "Ren\xC3\xA9"
    "e O'Brien\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"email\"\r\n"
    "\r\n"
    "Renee@Example.COM\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"subject\"\r\n"
    "\r\n"
    "Charged twice\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"category\"\r\n"
    "\r\n"
    "payment\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"description\"\r\n"
    "\r\n"
    "Line one\r\n"
    "\r\n"
    "--not a boundary, just dashes\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"attachments\"; filename=\"receipt.txt\"\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "order 42\r\n"
    "total 10 EUR\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"attachments\"; filename=\"screen shot.png\"\r\n"
    "Content-Type: image/png\r\n"
    "\r\n"
    "\x89PNG\r\n\x1A\n\0\0binary\r\n"
    "-----------------------------9051914041544843365972754266\r\n"
    "Content-Disposition: form-data; name=\"website\"\r\n"
    "\r\n"
    "\r\n"
    "-----------------------------9051914041544843365972754266--\r\n";
const std::string kBrowserBody(kBrowserBodyText, sizeof(kBrowserBodyText) - 1);

std::string multipart_type(const std::string& boundary) {
  return "multipart/form-data; boundary=" + boundary;
}

TEST(ParseMultipart, ReadsABrowserFormWithFiles) {
  Submission s =
      expect_submission(parse_submission(multipart_type(kBrowserBoundary), kBrowserBody, kLimits));
  EXPECT_EQ(s.name,
            "Ren\xC3\xA9"
            "e O'Brien");
  EXPECT_EQ(s.email, "Renee@Example.COM");
  EXPECT_EQ(s.subject, "Charged twice");
  EXPECT_EQ(s.category, "payment");
  EXPECT_EQ(s.description, "Line one\r\n\r\n--not a boundary, just dashes");
  EXPECT_EQ(s.website, "");
  ASSERT_EQ(s.files.size(), 2U);
  EXPECT_EQ(s.files[0].filename, "receipt.txt");
  EXPECT_EQ(s.files[0].content_type, "text/plain");
  EXPECT_EQ(s.files[0].data, "order 42\r\ntotal 10 EUR");
  EXPECT_EQ(s.files[1].filename, "screen shot.png");
  EXPECT_EQ(s.files[1].content_type, "image/png");
  EXPECT_EQ(s.files[1].data, std::string("\x89PNG\r\n\x1A\n\0\0binary", 16));
}

TEST(ParseMultipart, QuotedBoundaryParameterAndCaseInsensitiveMediaType) {
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--b--\r\n";
  Submission s = expect_submission(
      parse_submission("Multipart/Form-Data; charset=utf-8; boundary=\"b\"", body, kLimits));
  EXPECT_EQ(s.name, "Ada");
}

TEST(ParseMultipart, ReadsWhatPocoWrites) {
  Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_MULTIPART);
  form.set("name", "Grace");
  form.set("email", "grace@example.org");
  form.set("description", "multi\nline");
  form.addPart("attachments",
               new Poco::Net::StringPartSource("col1,col2\n1,2\n", "text/csv", "data.csv"));
  std::ostringstream out;
  form.write(out);
  Submission s =
      expect_submission(parse_submission(multipart_type(form.boundary()), out.str(), kLimits));
  EXPECT_EQ(s.name, "Grace");
  EXPECT_EQ(s.email, "grace@example.org");
  EXPECT_EQ(s.description, "multi\nline");
  EXPECT_FALSE(s.subject.has_value());
  ASSERT_EQ(s.files.size(), 1U);
  EXPECT_EQ(s.files[0].filename, "data.csv");
  EXPECT_EQ(s.files[0].content_type, "text/csv");
  EXPECT_EQ(s.files[0].data, "col1,col2\n1,2\n");
}

TEST(ParseMultipart, SkipsTheEmptyFileInputOfABrowser) {
  const std::string body =
      "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n"
      "--xyz\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\r\n"
      "--xyz--\r\n";
  Submission s = expect_submission(parse_multipart("xyz", body, kLimits));
  EXPECT_EQ(s.name, "Ada");
  EXPECT_TRUE(s.files.empty());
}

TEST(ParseMultipart, FileWithoutContentTypeIsOctetStream) {
  const std::string body =
      "--xyz\r\nContent-Disposition: form-data; name=\"f\"; "
      "filename=\"a.bin\"\r\n\r\nabc\r\n--xyz--";
  Submission s = expect_submission(parse_multipart("xyz", body, kLimits));
  ASSERT_EQ(s.files.size(), 1U);
  EXPECT_EQ(s.files[0].content_type, "application/octet-stream");
  EXPECT_EQ(s.files[0].data, "abc");
}

TEST(ParseMultipart, FirstValueOfARepeatedFieldWins) {
  const std::string body =
      "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfirst\r\n"
      "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nsecond\r\n"
      "--xyz\r\nContent-Disposition: form-data; name=\"unknown\"\r\n\r\nignored\r\n--xyz--\r\n";
  Submission s = expect_submission(parse_multipart("xyz", body, kLimits));
  EXPECT_EQ(s.name, "first");
}

std::string file_part(const std::string& boundary, const std::string& filename,
                      const std::string& data) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"" +
         filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n";
}

TEST(ParseMultipart, FileAtTheSizeLimitIsAcceptedOneByteMoreIsNot) {
  const std::string at_limit = file_part("b", "ok.bin", std::string(1024, 'x')) + "--b--\r\n";
  Submission s = expect_submission(parse_multipart("b", at_limit, kLimits));
  ASSERT_EQ(s.files.size(), 1U);
  EXPECT_EQ(s.files[0].data.size(), 1024U);

  const std::string over = file_part("b", "big.bin", std::string(1025, 'x')) + "--b--\r\n";
  const Failure f = expect_failure(parse_multipart("b", over, kLimits));
  EXPECT_EQ(f.status, 413);
  EXPECT_EQ(f.code, "attachment_too_large");
  EXPECT_EQ(f.message, "attachment \"big.bin\" is larger than 1024 bytes");
}

TEST(ParseMultipart, TooManyFiles) {
  std::string body;
  for (int i = 0; i < 4; ++i) {
    body += file_part("b", "f" + std::to_string(i) + ".txt", "x");
  }
  body += "--b--\r\n";
  const Failure f = expect_failure(parse_multipart("b", body, kLimits));
  EXPECT_EQ(f.status, 413);
  EXPECT_EQ(f.code, "too_many_attachments");
  EXPECT_EQ(f.message, "at most 3 attachments are allowed");
}

TEST(ParseMultipart, NoAttachmentsAllowedAtAll) {
  const std::string body = file_part("b", "a.txt", "x") + "--b--\r\n";
  const Failure f = expect_failure(parse_multipart("b", body, UploadLimits{1024, 0}));
  EXPECT_EQ(f.code, "too_many_attachments");
}

TEST(ParseMultipart, TruncatedBodyIsRefused) {
  const std::string body = "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAd";
  const Failure f = expect_failure(parse_multipart("b", body, kLimits));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_multipart");
  EXPECT_EQ(f.message, "the multipart body has no closing boundary (truncated?)");
}

TEST(ParseMultipart, GarbageIsRefused) {
  const Failure f = expect_failure(parse_multipart("b", "this is not multipart --b--", kLimits));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_multipart");
}

TEST(ParseMultipart, PartWithoutFormDataDispositionIsRefused) {
  const std::string body = "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
  const Failure f = expect_failure(parse_multipart("b", body, kLimits));
  EXPECT_EQ(f.code, "invalid_multipart");
  EXPECT_EQ(f.message, "every part needs a Content-Disposition: form-data header");
}

TEST(ParseMultipart, MissingBoundaryParameter) {
  const Failure f = expect_failure(parse_submission("multipart/form-data", "--b--", kLimits));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_multipart");
  EXPECT_EQ(f.message, "the multipart/form-data Content-Type has no boundary parameter");
}

TEST(ParseMultipart, TooManyFields) {
  std::string body;
  for (int i = 0; i < 65; ++i) {
    body +=
        "--b\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n\r\nv\r\n";
  }
  body += "--b--\r\n";
  const Failure f = expect_failure(parse_multipart("b", body, kLimits));
  EXPECT_EQ(f.code, "invalid_multipart");
  EXPECT_EQ(f.message, "the form has more than 64 fields");
}

TEST(ParseMultipart, KeepsInvalidUtf8ForValidationToRefuse) {
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nRen\xE9"
      "e\r\n--b--\r\n";
  Submission s = expect_submission(parse_multipart("b", body, kLimits));
  EXPECT_EQ(s.name,
            "Ren\xE9"
            "e");
}

TEST(ParseJson, ReadsAllFields) {
  Submission s = expect_submission(parse_submission(
      "application/json; charset=utf-8",
      R"({"name":"Ada","email":"ada@example.com","subject":"Hi","description":"Line\nnext \u00e9",)"
      R"("category":"billing","website":"","priority":"urgent"})",
      kLimits));
  EXPECT_EQ(s.name, "Ada");
  EXPECT_EQ(s.email, "ada@example.com");
  EXPECT_EQ(s.subject, "Hi");
  EXPECT_EQ(s.description, "Line\nnext \xC3\xA9");
  EXPECT_EQ(s.category, "billing");
  EXPECT_EQ(s.website, "");
  EXPECT_TRUE(s.non_string_fields.empty());
  EXPECT_TRUE(s.files.empty());
}

TEST(ParseJson, NullMeansAbsentAndNonStringsAreNoted) {
  Submission s =
      expect_submission(parse_json(R"({"name":null,"email":5,"subject":["x"],"category":true})"));
  EXPECT_FALSE(s.name.has_value());
  EXPECT_FALSE(s.email.has_value());
  EXPECT_EQ(s.non_string_fields, (std::vector<std::string>{"email", "subject", "category"}));
}

TEST(ParseJson, NonStringHoneypotCountsAsFilled) {
  Submission s = expect_submission(parse_json(R"({"website":1})"));
  EXPECT_EQ(s.website, "filled");
}

TEST(ParseJson, EscapedNulSurvivesForValidationToRefuse) {
  Submission s = expect_submission(parse_json(R"({"name":"a\u0000b"})"));
  EXPECT_EQ(s.name, std::string("a\0b", 3));
}

TEST(ParseJson, MalformedJson) {
  Failure f = expect_failure(parse_json(R"({"name": "Ada",})"));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_json");
  EXPECT_EQ(f.message.rfind("the request body is not valid JSON (at byte ", 0), 0U) << f.message;

  f = expect_failure(parse_json(""));
  EXPECT_EQ(f.code, "invalid_json");
  f = expect_failure(parse_json(R"({"name":"Ada"} trailing)"));
  EXPECT_EQ(f.code, "invalid_json");
}

TEST(ParseJson, NotAnObject) {
  const Failure f = expect_failure(parse_json(R"(["name","Ada"])"));
  EXPECT_EQ(f.code, "invalid_json");
  EXPECT_EQ(f.message, "the request body must be a JSON object");
}

TEST(ParseJson, RawInvalidUtf8IsItsOwnError) {
  const Failure f =
      expect_failure(parse_json("{\"name\":\"Ren\xE9"
                                "e\"}"));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_utf8");
  EXPECT_EQ(f.message, "the request body is not valid UTF-8");
}

TEST(ParseUrlencoded, DecodesPercentAndPlus) {
  Submission s = expect_submission(parse_submission(
      "application/x-www-form-urlencoded",
      "name=Ren%C3%A9e+O%27Brien&email=renee%40example.com&subject=Hi+there&description=a%0D%0Ab"
      "&category=general&website=&other=1",
      kLimits));
  EXPECT_EQ(s.name,
            "Ren\xC3\xA9"
            "e O'Brien");
  EXPECT_EQ(s.email, "renee@example.com");
  EXPECT_EQ(s.subject, "Hi there");
  EXPECT_EQ(s.description, "a\r\nb");
  EXPECT_EQ(s.category, "general");
  EXPECT_EQ(s.website, "");
}

TEST(ParseUrlencoded, MissingFieldsStayAbsent) {
  Submission s = expect_submission(parse_urlencoded("name=Ada"));
  EXPECT_EQ(s.name, "Ada");
  EXPECT_FALSE(s.email.has_value());
  EXPECT_FALSE(s.website.has_value());
}

TEST(ParseUrlencoded, PercentEncodedInvalidUtf8IsKeptForValidation) {
  Submission s = expect_submission(parse_urlencoded("name=Ren%E9e"));
  EXPECT_EQ(s.name,
            "Ren\xE9"
            "e");
}

TEST(ParseUrlencoded, BadPercentEscape) {
  const Failure f = expect_failure(parse_urlencoded("name=%zz"));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_form");
}

TEST(ParseUrlencoded, TooManyFields) {
  std::string body;
  for (int i = 0; i < 70; ++i) {
    body += "f" + std::to_string(i) + "=v&";
  }
  const Failure f = expect_failure(parse_urlencoded(body));
  EXPECT_EQ(f.code, "invalid_form");
}

TEST(ParseSubmission, OtherMediaTypesAre415) {
  for (const char* type : {"text/plain", "", "application/xml", "multipart/mixed; boundary=b"}) {
    const Failure f = expect_failure(parse_submission(type, "name=Ada", kLimits));
    EXPECT_EQ(f.status, 415) << type;
    EXPECT_EQ(f.code, "unsupported_media_type") << type;
  }
}

}  // namespace
}  // namespace frontdesk::webform
