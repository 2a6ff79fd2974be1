// SPDX-License-Identifier: Apache-2.0
#include "validation.hpp"

#include <Poco/UTF8String.h>

#include <algorithm>
#include <utility>

#include "text.hpp"

namespace frontdesk::webform {

namespace {

constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxLocalPartBytes = 64;
constexpr std::size_t kMaxLabelBytes = 63;
constexpr std::size_t kMaxFilenameBytes = 255;

bool is_ascii_alnum(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext, plus any byte of a (validated) UTF-8 sequence.
bool is_atext(unsigned char c) noexcept {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return is_ascii_alnum(c) || c >= 0x80U ||
         kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_dot_atom(std::string_view text) noexcept {
  if (text.empty() || text.front() == '.' || text.back() == '.' ||
      text.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(text.begin(), text.end(),
                     [](char ch) { return ch == '.' || is_atext(static_cast<unsigned char>(ch)); });
}

bool is_domain_label(std::string_view label) noexcept {
  if (label.empty() || label.size() > kMaxLabelBytes || label.front() == '-' ||
      label.back() == '-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return is_ascii_alnum(c) || c == '-' || c >= 0x80U;
  });
}

bool is_domain(std::string_view domain) noexcept {
  while (true) {
    const auto dot = domain.find('.');
    if (!is_domain_label(domain.substr(0, dot))) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    domain.remove_prefix(dot + 1);
  }
}

std::string category_list() {
  std::string out;
  for (const auto category : kCategories) {
    out += out.empty() ? "" : ", ";
    out += category;
  }
  return out;
}

std::string join(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& problem : problems) {
    out += out.empty() ? problem : "; " + problem;
  }
  return out;
}

// The trimmed field, or empty when it is absent.
std::string_view trimmed(const std::optional<std::string>& value) noexcept {
  return value ? trim(*value) : std::string_view();
}

bool is_non_string(const Submission& submission, std::string_view field) {
  const auto& fields = submission.non_string_fields;
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

// Checks one single-line or multi-line text field; returns its trimmed value.
std::string check_text(const Submission& submission, std::string_view field,
                       const std::optional<std::string>& value, std::size_t max_chars,
                       bool multi_line, std::vector<std::string>& problems) {
  const std::string name(field);
  if (is_non_string(submission, field)) {
    problems.push_back(name + " must be a string");
    return {};
  }
  const std::string_view text = trimmed(value);
  if (text.empty()) {
    problems.push_back(name + " is required");
    return {};
  }
  if (text.find('\0') != std::string_view::npos) {
    problems.push_back(name + " must not contain NUL bytes");
  } else if (has_control_chars(text, multi_line)) {
    problems.push_back(multi_line ? name + " must not contain control characters"
                                  : name + " must be a single line without control characters");
  }
  if (count_code_points(text) > max_chars) {
    problems.push_back(name + " must be at most " + std::to_string(max_chars) + " characters");
  }
  return std::string(text);
}

}  // namespace

bool honeypot_filled(const Submission& submission) noexcept {
  return submission.website.has_value() && !submission.website->empty();
}

bool is_valid_email(std::string_view address) noexcept {
  if (address.empty() || address.size() > kMaxEmailBytes) {
    return false;
  }
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) {
    return false;
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  return local.size() <= kMaxLocalPartBytes && is_dot_atom(local) && is_domain(domain);
}

std::string normalize_email(std::string_view address) {
  return Poco::UTF8::toLower(std::string(trim(address)));
}

std::string sanitize_filename(std::string_view filename, std::size_t index) {
  if (const auto slash = filename.find_last_of("/\\"); slash != std::string_view::npos) {
    filename.remove_prefix(slash + 1);  // browsers of old sent the client's full path
  }
  std::string clean;
  for (const char ch : filename) {
    const auto c = static_cast<unsigned char>(ch);
    clean.push_back(c < 0x20U || c == 0x7FU ? '_' : ch);
  }
  std::string out(trim(truncate_utf8(clean, kMaxFilenameBytes)));
  if (out.empty() || out == "." || out == "..") {
    return "attachment-" + std::to_string(index);
  }
  return out;
}

ValidationOutcome validate(Submission submission, std::optional<std::string_view> idempotency_key) {
  // Text that is not UTF-8 is refused as such before anything else is looked at.
  std::vector<std::string> not_utf8;
  const std::pair<std::string_view, const std::optional<std::string>*> texts[] = {
      {"name", &submission.name},
      {"email", &submission.email},
      {"subject", &submission.subject},
      {"description", &submission.description},
      {"category", &submission.category}};
  for (const auto& [field, value] : texts) {
    if (value->has_value() && !is_valid_utf8(**value)) {
      not_utf8.push_back(std::string(field) + " is not valid UTF-8");
    }
  }
  for (std::size_t i = 0; i < submission.files.size(); ++i) {
    if (!is_valid_utf8(submission.files[i].filename)) {
      not_utf8.push_back("the file name of attachment " + std::to_string(i + 1) +
                         " is not valid UTF-8");
    }
  }
  if (!not_utf8.empty()) {
    return Failure{400, "invalid_utf8", join(not_utf8)};
  }

  std::vector<std::string> problems;
  ValidSubmission out;
  out.name = check_text(submission, "name", submission.name, kMaxNameChars, false, problems);

  if (is_non_string(submission, "email")) {
    problems.emplace_back("email must be a string");
  } else if (trimmed(submission.email).empty()) {
    problems.emplace_back("email is required");
  } else if (!is_valid_email(trimmed(submission.email))) {
    problems.emplace_back("email must be a valid email address");
  } else {
    out.email = normalize_email(*submission.email);
  }

  out.subject =
      check_text(submission, "subject", submission.subject, kMaxSubjectChars, false, problems);
  out.description = check_text(submission, "description", submission.description,
                               kMaxDescriptionChars, true, problems);

  if (is_non_string(submission, "category")) {
    problems.emplace_back("category must be a string");
  } else if (const std::string category = to_lower_ascii(trimmed(submission.category));
             !category.empty()) {
    if (std::find(kCategories.begin(), kCategories.end(), category) == kCategories.end()) {
      problems.push_back("category must be one of: " + category_list());
    } else {
      out.category = category;
    }
  }

  if (idempotency_key) {
    const std::string_view key = trim(*idempotency_key);
    if (key.size() > kMaxIdempotencyKeyChars ||
        printable_ascii(key, key.size()).size() != key.size()) {
      problems.push_back("the Idempotency-Key header must be at most " +
                         std::to_string(kMaxIdempotencyKeyChars) + " printable ASCII characters");
    } else {
      out.idempotency_key = std::string(key);
    }
  }

  if (!problems.empty()) {
    return Failure{422, "validation_failed", join(problems)};
  }

  out.files = std::move(submission.files);
  for (std::size_t i = 0; i < out.files.size(); ++i) {
    out.files[i].filename = sanitize_filename(out.files[i].filename, i + 1);
  }
  return out;
}

}  // namespace frontdesk::webform
