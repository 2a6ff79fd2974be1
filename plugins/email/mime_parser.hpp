// SPDX-License-Identifier: Apache-2.0
// A raw RFC 5322 message read into what the email channel stores: decoded subject and
// sender, the displayable text, attachments, threading ids and delivery-report details.
// Parts are found in place (string_views into the raw message), base64 is decoded in one
// pass into a buffer of the final size and quoted-printable by Poco's decoder reading the
// part in place; charsets go through iconv (charset.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "address.hpp"

namespace frontdesk::email {

struct MailAttachment {
  std::string filename;  // UTF-8, never empty (a name is made up when the mail has none)
  std::string content_type;
  std::string content_id;  // without angle brackets; inline images only
  std::string data;        // decoded bytes
};

// Fields of a message/delivery-status part (RFC 3464) that say what failed and why.
struct DeliveryReport {
  std::string action;      // failed, delayed, delivered, relayed, expanded (lower-case)
  std::string status;      // e.g. 5.1.1
  std::string diagnostic;  // Diagnostic-Code text, else the status
  std::string recipient;   // Final-Recipient address
};

struct ParsedMail {
  // Top-level header fields in order, names as written, values raw (unfolded later).
  std::vector<std::pair<std::string, std::string>> headers;

  std::string subject;  // RFC 2047-decoded UTF-8
  std::optional<Mailbox> from;
  std::string from_name;  // decoded display name
  std::string message_id;  // without brackets, "" when absent
  std::vector<std::string> in_reply_to;
  std::vector<std::string> references;

  std::string text;        // the displayable text (UTF-8), before quote trimming
  bool text_from_html = false;
  std::vector<MailAttachment> attachments;
  std::vector<std::string> dropped_attachments;  // names of parts over the size limit

  std::optional<DeliveryReport> report;  // set for multipart/report; report-type=delivery-status
  std::string original_message_id;       // of the message a report or bounce returns
  bool has_returned_message = false;     // a message/rfc822 or text/rfc822-headers part

  std::vector<std::string> defects;  // what was malformed and worked around

  // The first header `name` (case-insensitive), unfolded and trimmed, raw (not decoded).
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

struct ParseLimits {
  std::size_t max_attachment_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_text_bytes = std::size_t{4} * 1024 * 1024;  // per text part, before decoding
  std::size_t max_parts = 500;
  std::size_t max_depth = 20;
};

// Never throws for any input (only std::bad_alloc may escape): whatever cannot be parsed
// is recorded in `defects` and the rest is used as well as possible.
[[nodiscard]] ParsedMail parse_mail(std::string_view raw, const ParseLimits& limits = {});

// Header fields of `raw` up to the first empty line: (name, raw value) in order. Lenient:
// lines without a colon are skipped, a folded line without a field joins the previous.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> split_header(std::string_view raw,
                                                                           std::size_t* body_offset);

}  // namespace frontdesk::email
