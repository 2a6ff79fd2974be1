// SPDX-License-Identifier: Apache-2.0
#include "portal/form_data.hpp"

#include "attachments/file_name.hpp"
#include "http/request.hpp"

#include <algorithm>

namespace frontdesk::portal {

namespace {

constexpr std::size_t kMaxContentType = 100;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The value of `key` among a header's "; key=value" parameters (quotes removed), if present.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  const auto skip_spaces = [&header](std::size_t i) {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    return i;
  };
  for (auto i = header.find(';'); i != std::string_view::npos; i = header.find(';', i)) {
    const auto eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const auto name = lower(trim(header.substr(i + 1, eq - i - 1)));
    i = skip_spaces(eq + 1);
    std::string value;
    if (i < header.size() && header[i] == '"') {
      // Browsers write a '"' in a file name as %22 and never escape with '\\', so a Windows
      // path's backslashes are kept (safe_file_name takes its base name).
      for (++i; i < header.size() && header[i] != '"'; ++i) value += header[i];
    } else {
      const auto end = header.find(';', i);
      value = std::string(trim(header.substr(i, end == std::string_view::npos ? end : end - i)));
    }
    if (name == key) return value;
  }
  return std::nullopt;
}

std::optional<std::string> form_decode(std::string_view text) {
  std::string plus(text);
  std::replace(plus.begin(), plus.end(), '+', ' ');
  return http::percent_decode(plus);
}

FormOutcome urlencoded(std::string_view body) {
  FormData form;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = form_decode(pair.substr(0, eq));
    auto value = form_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return {};
    form.fields.emplace(std::move(*name), std::move(*value));
  }
  return {std::move(form)};
}

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (const char c : text) {
    if (out.size() == max) break;
    if (c >= 0x20 && c < 0x7f) out += c;
  }
  return out;
}

FormOutcome multipart(std::string_view boundary, std::string_view body, const UploadLimits& limits) {
  if (boundary.empty() || boundary.size() > 70) return {};
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;
  auto at = body.find(delimiter);
  if (at == std::string_view::npos) return {};
  FormData form;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return {std::move(form)};
    if (body.substr(at, 2) != "\r\n") return {};
    const auto start = at + 2;
    const auto end = body.find(next_delimiter, start);
    if (end == std::string_view::npos) return {};
    const auto part = body.substr(start, end - start);
    const auto split = part.find("\r\n\r\n");
    if (split == std::string_view::npos) return {};
    std::string disposition;
    std::string type;
    for (auto headers = part.substr(0, split); !headers.empty();) {
      const auto eol = headers.find("\r\n");
      const auto line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return {};
      const auto name = lower(trim(line.substr(0, colon)));
      if (name == "content-disposition") disposition = std::string(trim(line.substr(colon + 1)));
      if (name == "content-type") type = std::string(trim(line.substr(colon + 1)));
    }
    const auto name = parameter(disposition, "name");
    if (!lower(disposition).starts_with("form-data") || !name) return {};
    const auto content = part.substr(split + 4);
    if (const auto file = parameter(disposition, "filename")) {
      if (!file->empty() || !content.empty()) {
        if (content.size() > limits.max_file_bytes) return {std::nullopt, FormError::file_too_large};
        if (form.files.size() == limits.max_files) return {std::nullopt, FormError::too_many_files};
        auto content_type = printable(type, kMaxContentType);
        if (content_type.empty()) content_type = "application/octet-stream";
        form.files.push_back({attachments::safe_file_name(*file), std::move(content_type), std::string(content)});
      }
    } else {
      form.fields.emplace(*name, std::string(content));
    }
    at = end + 2;
  }
}

}  // namespace

std::string FormData::field(std::string_view name) const {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

FormOutcome parse_form(std::string_view content_type, std::string_view body, const UploadLimits& limits) {
  const auto media = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (media == "application/x-www-form-urlencoded") return urlencoded(body);
  if (media == "multipart/form-data") {
    return multipart(parameter(content_type, "boundary").value_or(""), body, limits);
  }
  return {std::nullopt, FormError::unsupported};
}

}  // namespace frontdesk::portal
