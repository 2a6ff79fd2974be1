// SPDX-License-Identifier: Apache-2.0
#include "submission.hpp"

#include <Poco/Exception.h>
#include <Poco/MemoryStream.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>

#include <array>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>
#include <istream>
#include <limits>
#include <string>
#include <utility>

#include "text.hpp"

namespace frontdesk::webform {

namespace {

// More parts than this (not counting files) is not a form a person filled in.
constexpr std::size_t kMaxFormFields = 64;
// Longest Content-Type kept for an attachment.
constexpr std::size_t kMaxContentTypeBytes = 255;

constexpr std::array<std::string_view, 6> kFieldNames = {"name",        "email",    "subject",
                                                         "description", "category", "website"};

std::optional<std::string>* field_slot(Submission& submission, std::string_view name) {
  if (name == "name") {
    return &submission.name;
  }
  if (name == "email") {
    return &submission.email;
  }
  if (name == "subject") {
    return &submission.subject;
  }
  if (name == "description") {
    return &submission.description;
  }
  if (name == "category") {
    return &submission.category;
  }
  if (name == "website") {
    return &submission.website;
  }
  return nullptr;
}

// Sets a known field from a form value; the first occurrence wins.
void set_field(Submission& submission, std::string_view name, std::string value) {
  if (auto* slot = field_slot(submission, name); slot != nullptr && !slot->has_value()) {
    *slot = std::move(value);
  }
}

Failure bad_multipart(std::string message) {
  return Failure{400, "invalid_multipart", std::move(message)};
}

// Reads the rest of `in`; nullopt once more than `max_bytes` arrived.
std::optional<std::string> read_at_most(std::istream& in, std::size_t max_bytes) {
  std::string out;
  std::array<char, std::size_t{64} * 1024> buffer{};
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (out.size() + got > max_bytes) {
      return std::nullopt;
    }
    out.append(buffer.data(), got);
  }
  return out;
}

std::string read_all(std::istream& in) {
  return read_at_most(in, std::numeric_limits<std::size_t>::max()).value_or(std::string());
}

std::string attachment_content_type(const Poco::Net::MessageHeader& header) {
  std::string type = printable_ascii(trim(header.get("Content-Type", "")), kMaxContentTypeBytes);
  return type.empty() ? std::string("application/octet-stream") : type;
}

}  // namespace

ParseOutcome parse_submission(std::string_view content_type, std::string_view body,
                              const UploadLimits& limits) {
  std::string media_type;
  Poco::Net::NameValueCollection parameters;
  Poco::Net::MessageHeader::splitParameters(std::string(content_type), media_type, parameters);
  media_type = to_lower_ascii(trim(media_type));
  if (media_type == "application/json") {
    return parse_json(body);
  }
  if (media_type == "application/x-www-form-urlencoded") {
    return parse_urlencoded(body);
  }
  if (media_type == "multipart/form-data") {
    const std::string boundary = parameters.get("boundary", "");
    if (boundary.empty()) {
      return bad_multipart("the multipart/form-data Content-Type has no boundary parameter");
    }
    return parse_multipart(boundary, body, limits);
  }
  return Failure{415, "unsupported_media_type",
                 "Content-Type must be application/json, multipart/form-data or "
                 "application/x-www-form-urlencoded"};
}

ParseOutcome parse_json(std::string_view body) {
  if (!is_valid_utf8(body)) {
    return Failure{400, "invalid_utf8", "the request body is not valid UTF-8"};
  }
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(body.data(), body.size(), ec);
  if (!ec) {
    parser.finish(ec);
  }
  if (ec) {
    return Failure{400, "invalid_json",
                   "the request body is not valid JSON (at byte " + std::to_string(consumed) +
                       "): " + ec.message()};
  }
  const boost::json::value document = parser.release();
  const auto* object = document.if_object();
  if (object == nullptr) {
    return Failure{400, "invalid_json", "the request body must be a JSON object"};
  }
  Submission out;
  for (const std::string_view name : kFieldNames) {
    const auto* value = object->if_contains(name);
    if (value == nullptr || value->is_null()) {
      continue;
    }
    if (const auto* text = value->if_string()) {
      *field_slot(out, name) = std::string(text->data(), text->size());
    } else if (name == "website") {
      out.website = "filled";  // any non-empty honeypot value is a bot's
    } else {
      out.non_string_fields.emplace_back(name);
    }
  }
  return out;
}

ParseOutcome parse_urlencoded(std::string_view body) {
  Poco::Net::HTMLForm form;  // application/x-www-form-urlencoded by default
  form.setFieldLimit(static_cast<int>(kMaxFormFields));
  try {
    Poco::MemoryInputStream in(body.data(), static_cast<std::streamsize>(body.size()));
    form.read(in);
  } catch (const Poco::Exception& e) {
    return Failure{400, "invalid_form", "the form body is malformed: " + e.message()};
  }
  Submission out;
  for (const std::string_view name : kFieldNames) {
    const std::string key(name);
    if (form.has(key)) {
      *field_slot(out, name) = form.get(key);
    }
  }
  return out;
}

ParseOutcome parse_multipart(std::string_view boundary, std::string_view body,
                             const UploadLimits& limits) {
  // MultipartReader stops quietly at the end of its input; a body cut short must not be
  // taken for a complete form, so the closing delimiter has to be there.
  const std::string closing = "--" + std::string(boundary) + "--";
  if (body.find(closing) == std::string_view::npos) {
    return bad_multipart("the multipart body has no closing boundary (truncated?)");
  }
  Submission out;
  std::size_t fields = 0;
  try {
    Poco::MemoryInputStream in(body.data(), static_cast<std::streamsize>(body.size()));
    Poco::Net::MultipartReader reader(in, std::string(boundary));
    while (reader.hasNextPart()) {
      Poco::Net::MessageHeader header;
      reader.nextPart(header);
      std::string disposition;
      Poco::Net::NameValueCollection parameters;
      Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition,
                                                parameters);
      if (!iequals_ascii(trim(disposition), "form-data")) {
        return bad_multipart("every part needs a Content-Disposition: form-data header");
      }
      std::istream& part = reader.stream();
      if (parameters.has("filename")) {
        std::optional<std::string> data = read_at_most(part, limits.max_file_bytes);
        const std::string filename = parameters.get("filename");
        if (!data) {
          return Failure{413, "attachment_too_large",
                         "attachment \"" + printable_ascii(filename, 100) + "\" is larger than " +
                             std::to_string(limits.max_file_bytes) + " bytes"};
        }
        if (filename.empty() && data->empty()) {
          continue;  // a file input left empty by the browser
        }
        if (out.files.size() == limits.max_files) {
          return Failure{
              413, "too_many_attachments",
              "at most " + std::to_string(limits.max_files) + " attachments are allowed"};
        }
        out.files.push_back(
            UploadedFile{filename, attachment_content_type(header), std::move(*data)});
        continue;
      }
      if (++fields > kMaxFormFields) {
        return bad_multipart("the form has more than " + std::to_string(kMaxFormFields) +
                             " fields");
      }
      set_field(out, parameters.get("name", ""), read_all(part));
    }
  } catch (const Poco::Exception& e) {
    return bad_multipart("the multipart body is malformed: " + e.message());
  }
  return out;
}

}  // namespace frontdesk::webform
