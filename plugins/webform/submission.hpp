// SPDX-License-Identifier: Apache-2.0
// A web form submission as the client sent it, parsed from JSON, multipart/form-data or
// application/x-www-form-urlencoded. Nothing here is validated beyond the body's syntax
// and the attachment limits; see validation.hpp for the rest.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "failure.hpp"

namespace frontdesk::webform {

struct UploadedFile {
  std::string filename;      // as sent; may hold a client path or invalid UTF-8
  std::string content_type;  // printable ASCII, "application/octet-stream" when absent
  std::string data;
};

struct Submission {
  // Absent when the field was missing (or JSON null).
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> subject;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<std::string> website;  // the honeypot
  // JSON fields that were present but not strings; validation reports them.
  std::vector<std::string> non_string_fields;
  std::vector<UploadedFile> files;
};

struct UploadLimits {
  std::size_t max_file_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_files = 10;
};

using ParseOutcome = std::variant<Submission, Failure>;

// Dispatches on the request's Content-Type; anything but the three accepted media types is
// a 415 `unsupported_media_type`.
[[nodiscard]] ParseOutcome parse_submission(std::string_view content_type, std::string_view body,
                                            const UploadLimits& limits);

// A JSON object {name, email, subject, description, category?, website?}. Errors:
// 400 `invalid_utf8` (the raw body), 400 `invalid_json`.
[[nodiscard]] ParseOutcome parse_json(std::string_view body);

// application/x-www-form-urlencoded. Errors: 400 `invalid_form`.
[[nodiscard]] ParseOutcome parse_urlencoded(std::string_view body);

// multipart/form-data with the given boundary; parts with a filename are attachments.
// Errors: 400 `invalid_multipart`, 413 `attachment_too_large`, 413 `too_many_attachments`.
[[nodiscard]] ParseOutcome parse_multipart(std::string_view boundary, std::string_view body,
                                           const UploadLimits& limits);

}  // namespace frontdesk::webform
