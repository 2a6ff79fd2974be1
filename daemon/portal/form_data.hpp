// SPDX-License-Identifier: Apache-2.0
#pragma once
// The bodies of the portal's HTML forms: application/x-www-form-urlencoded, and
// multipart/form-data for the reply form's files. Pure (unit-tested); nothing here trusts a
// file name or a type beyond keeping them printable.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::portal {

struct UploadedFile {
  std::string name;          // the name the browser sent, made safe (attachments/file_name.hpp)
  std::string content_type;  // printable ASCII, "application/octet-stream" when absent
  std::string data;
};

struct FormData {
  std::map<std::string, std::string, std::less<>> fields;  // the first value of each name
  std::vector<UploadedFile> files;                         // parts with a non-empty file name

  [[nodiscard]] std::string field(std::string_view name) const;
};

struct UploadLimits {
  std::size_t max_file_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_files = 10;
};

enum class FormError { malformed, file_too_large, too_many_files, unsupported };

struct FormOutcome {
  std::optional<FormData> form;  // set when the body was read
  FormError error = FormError::malformed;
};

// Dispatches on the Content-Type header's value.
[[nodiscard]] FormOutcome parse_form(std::string_view content_type, std::string_view body,
                                     const UploadLimits& limits = {});

}  // namespace frontdesk::portal
