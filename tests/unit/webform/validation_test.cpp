// SPDX-License-Identifier: Apache-2.0
#include "validation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace frontdesk::webform {
namespace {

Submission good() {
  Submission s;
  s.name = "  Ada Lovelace ";
  s.email = " Ada.Lovelace@Example.COM ";
  s.subject = "Cannot pay";
  s.description = "\n  The payment page says error 42.\n";
  s.category = "Payment";
  return s;
}

ValidSubmission expect_valid(ValidationOutcome outcome) {
  if (const auto* failure = std::get_if<Failure>(&outcome)) {
    ADD_FAILURE() << failure->code << ": " << failure->message;
    return {};
  }
  return std::get<ValidSubmission>(std::move(outcome));
}

Failure expect_failure(ValidationOutcome outcome) {
  if (std::holds_alternative<ValidSubmission>(outcome)) {
    ADD_FAILURE() << "expected a failure";
    return {};
  }
  return std::get<Failure>(std::move(outcome));
}

TEST(Validate, NormalizesAGoodSubmission) {
  Submission s = good();
  s.files.push_back(UploadedFile{R"(C:\Users\ada\Desktop\error.png)", "image/png", "png"});
  const ValidSubmission v = expect_valid(validate(std::move(s), std::nullopt));
  EXPECT_EQ(v.name, "Ada Lovelace");
  EXPECT_EQ(v.email, "ada.lovelace@example.com");
  EXPECT_EQ(v.subject, "Cannot pay");
  EXPECT_EQ(v.description, "The payment page says error 42.");
  EXPECT_EQ(v.category, "payment");
  EXPECT_EQ(v.idempotency_key, "");
  ASSERT_EQ(v.files.size(), 1U);
  EXPECT_EQ(v.files[0].filename, "error.png");
  EXPECT_EQ(v.files[0].data, "png");
}

TEST(Validate, CategoryIsOptional) {
  Submission s = good();
  s.category.reset();
  EXPECT_EQ(expect_valid(validate(s, std::nullopt)).category, "");
  s.category = "  ";
  EXPECT_EQ(expect_valid(validate(s, std::nullopt)).category, "");
}

TEST(Validate, EveryCategoryOfSeed003IsAccepted) {
  for (const auto category : kCategories) {
    Submission s = good();
    s.category = std::string(category);
    EXPECT_EQ(expect_valid(validate(s, std::nullopt)).category, category);
  }
}

TEST(Validate, ReportsAllProblemsTogether) {
  Submission s;
  s.email = "not-an-address";
  s.subject = std::string(201, 's');
  s.description = "   ";
  s.category = "refunds";
  const Failure f = expect_failure(validate(s, std::nullopt));
  EXPECT_EQ(f.status, 422);
  EXPECT_EQ(f.code, "validation_failed");
  EXPECT_EQ(f.message,
            "name is required; email must be a valid email address; subject must be at most 200 "
            "characters; description is required; category must be one of: account, booking, "
            "payment, technical, billing, complaint, feature_request, bug_report, general, other");
}

TEST(Validate, LengthsCountCharactersNotBytes) {
  Submission s = good();
  std::string name;
  for (int i = 0; i < 200; ++i) {
    name += "\xC3\xA9";  // é: 2 bytes, 1 character
  }
  s.name = name;
  EXPECT_EQ(expect_valid(validate(s, std::nullopt)).name, name);
  s.name = name + "x";
  EXPECT_EQ(expect_failure(validate(s, std::nullopt)).message,
            "name must be at most 200 characters");
}

TEST(Validate, DescriptionLimitIs20000Characters) {
  Submission s = good();
  s.description = std::string(20000, 'd');
  EXPECT_EQ(expect_valid(validate(s, std::nullopt)).description.size(), 20000U);
  s.description = std::string(20001, 'd');
  EXPECT_EQ(expect_failure(validate(s, std::nullopt)).message,
            "description must be at most 20000 characters");
}

TEST(Validate, NulBytesAndControlCharacters) {
  Submission s = good();
  s.name = std::string("Ada\0", 4) + "x";
  s.subject = "two\nlines";
  s.description = std::string("text\0more", 9);
  EXPECT_EQ(expect_failure(validate(s, std::nullopt)).message,
            "name must not contain NUL bytes; subject must be a single line without control "
            "characters; description must not contain NUL bytes");
  s = good();
  s.description = "tab\tand\r\nlines are fine";
  EXPECT_EQ(expect_valid(validate(s, std::nullopt)).description, "tab\tand\r\nlines are fine");
  s.description = "but a bell\a is not";
  EXPECT_EQ(expect_failure(validate(s, std::nullopt)).message,
            "description must not contain control characters");
}

TEST(Validate, InvalidUtf8IsReportedFirstAndPerField) {
  Submission s = good();
  s.name =
      "Ren\xE9"
      "e";
  s.description = "\xC0\xAF";
  s.email = "";  // would also be a validation problem; UTF-8 comes first
  s.files.push_back(UploadedFile{"ok.txt", "text/plain", "x"});
  s.files.push_back(UploadedFile{"bad\xFF.txt", "text/plain", "x"});
  const Failure f = expect_failure(validate(s, std::nullopt));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.code, "invalid_utf8");
  EXPECT_EQ(
      f.message,
      "name is not valid UTF-8; description is not valid UTF-8; the file name of attachment 2 "
      "is not valid UTF-8");
}

TEST(Validate, NonStringJsonFields) {
  Submission s = good();
  s.email.reset();
  s.category.reset();
  s.non_string_fields = {"email", "category"};
  EXPECT_EQ(expect_failure(validate(s, std::nullopt)).message,
            "email must be a string; category must be a string");
}

TEST(Validate, IdempotencyKey) {
  EXPECT_EQ(expect_valid(validate(good(), std::string_view(" key-123 "))).idempotency_key,
            "key-123");
  EXPECT_EQ(expect_valid(validate(good(), std::string_view(""))).idempotency_key, "");
  EXPECT_EQ(expect_valid(validate(good(), std::string_view(std::string(200, 'k'))))
                .idempotency_key.size(),
            200U);
  const std::string long_key(201, 'k');
  EXPECT_EQ(expect_failure(validate(good(), std::string_view(long_key))).message,
            "the Idempotency-Key header must be at most 200 printable ASCII characters");
  EXPECT_EQ(expect_failure(validate(good(), std::string_view("k\xC3\xA9y"))).code,
            "validation_failed");
}

TEST(Email, AcceptsCommonAndUnusualValidAddresses) {
  for (const char* address :
       {"a@b.co", "first.last@example.com", "user+tag@sub.example.co.uk", "o'brien@example.ie",
        "x@localhost", "#!$%&'*+-/=?^_`{}|~@example.org", "user@xn--bcher-kva.example",
        "\u00FCser@b\u00FCcher.example", "a@1.2.3.4"}) {
    EXPECT_TRUE(is_valid_email(address)) << address;
  }
}

TEST(Email, RefusesInvalidAddresses) {
  for (const char* address : {"",
                              "plain",
                              "@example.com",
                              "user@",
                              "user@@example.com",
                              "a@b@c.com",
                              ".user@example.com",
                              "user.@example.com",
                              "us..er@example.com",
                              "user@-example.com",
                              "user@example-.com",
                              "user@example..com",
                              "user@.example.com",
                              "user@example.com.",
                              "us er@example.com",
                              "user@exa mple.com",
                              "\"quoted\"@example.com",
                              "user@[127.0.0.1]",
                              "user@exam_ple.com",
                              "user(comment)@example.com"}) {
    EXPECT_FALSE(is_valid_email(address)) << address;
  }
  EXPECT_FALSE(is_valid_email(std::string(65, 'l') + "@example.com"));
  EXPECT_TRUE(is_valid_email(std::string(64, 'l') + "@example.com"));
  EXPECT_FALSE(is_valid_email("user@" + std::string(64, 'd') + ".com"));
  const std::string label(63, 'd');
  EXPECT_TRUE(is_valid_email("l@" + label + "." + label + "." + label + ".com"));  // 197 bytes
  EXPECT_FALSE(is_valid_email(std::string(64, 'l') + "@" + label + "." + label + "." + label +
                              ".com"));  // 260 bytes: over 254
}

TEST(Email, NormalizesToLowerCaseIncludingNonAscii) {
  EXPECT_EQ(normalize_email(" John.DOE@Example.COM "), "john.doe@example.com");
  EXPECT_EQ(normalize_email("\xC3\x9C"
                            "ser@EXAMPLE.de"),
            "\xC3\xBC"
            "ser@example.de");  // Ü -> ü
}

TEST(Filename, KeepsTheBaseNameOnly) {
  EXPECT_EQ(sanitize_filename("report.pdf", 1), "report.pdf");
  EXPECT_EQ(sanitize_filename("/etc/passwd", 1), "passwd");
  EXPECT_EQ(sanitize_filename("..\\..\\boot.ini", 1), "boot.ini");
  EXPECT_EQ(sanitize_filename("a\r\nb.txt", 1), "a__b.txt");
  EXPECT_EQ(sanitize_filename("", 3), "attachment-3");
  EXPECT_EQ(sanitize_filename("dir/", 2), "attachment-2");
  EXPECT_EQ(sanitize_filename("..", 4), "attachment-4");
  EXPECT_EQ(sanitize_filename(std::string(300, 'n'), 1).size(), 255U);
}

TEST(Honeypot, FilledOnlyWhenNonEmpty) {
  Submission s;
  EXPECT_FALSE(honeypot_filled(s));
  s.website = "";
  EXPECT_FALSE(honeypot_filled(s));
  s.website = "http://spam.example";
  EXPECT_TRUE(honeypot_filled(s));
}

}  // namespace
}  // namespace frontdesk::webform
