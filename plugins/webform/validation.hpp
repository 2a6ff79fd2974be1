// SPDX-License-Identifier: Apache-2.0
// Checks a parsed submission against the web form's rules and normalizes it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "failure.hpp"
#include "submission.hpp"

namespace frontdesk::webform {

// The ticket categories of seed 003, in its order.
inline constexpr std::array<std::string_view, 10> kCategories = {
    "account",   "booking",         "payment",    "technical", "billing",
    "complaint", "feature_request", "bug_report", "general",   "other"};

inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxSubjectChars = 200;
inline constexpr std::size_t kMaxDescriptionChars = 20000;
inline constexpr std::size_t kMaxIdempotencyKeyChars = 200;

struct ValidSubmission {
  std::string name;                 // trimmed
  std::string email;                // trimmed and lower-cased: the customer's identity
  std::string subject;              // trimmed
  std::string description;          // trimmed
  std::string category;             // one of kCategories, or empty
  std::vector<UploadedFile> files;  // filenames reduced to a safe base name
  std::string idempotency_key;      // empty when the client sent none
};

using ValidationOutcome = std::variant<ValidSubmission, Failure>;

// Whether the hidden `website` field was filled in: only bots do that.
[[nodiscard]] bool honeypot_filled(const Submission& submission) noexcept;

// Whether `address` is local@domain: a dot-atom local part (RFC 5322; UTF-8 allowed as in
// RFC 6531) of at most 64 bytes, a domain of one or more dot-separated labels (letters,
// digits, inner hyphens, UTF-8; 1-63 bytes each), at most 254 bytes in all.
[[nodiscard]] bool is_valid_email(std::string_view address) noexcept;

// `address` trimmed and lower-cased (Unicode-aware), for use as the customer identity.
[[nodiscard]] std::string normalize_email(std::string_view address);

// The base name of a client-side file name (no directories, no control characters, at
// most 255 bytes); "attachment-<index>" when nothing is left.
[[nodiscard]] std::string sanitize_filename(std::string_view filename, std::size_t index);

// Errors: 400 `invalid_utf8` naming every field that is not UTF-8, else 400
// `validation_failed` listing every problem, separated by "; ".
[[nodiscard]] ValidationOutcome validate(Submission submission,
                                         std::optional<std::string_view> idempotency_key);

}  // namespace frontdesk::webform
