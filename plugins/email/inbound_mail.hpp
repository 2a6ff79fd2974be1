// SPDX-License-Identifier: Apache-2.0
// One received message turned into what the host stores, or into a delivery report.
#pragma once

#include <frontdesk/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "mime_parser.hpp"

namespace frontdesk::email {

// Who handed the message over: the SMTP/LMTP envelope, or the POP3 mailbox.
struct Envelope {
  std::string mail_from;                // "" for the null sender <>
  std::vector<std::string> recipients;  // lower-cased
  std::string source;                   // "smtp", "lmtp" or "pop3:<user>@<host>"
};

enum class MailKind {
  ticket,        // store as a ticket or a reply
  bounce,        // a failed-delivery report for one of our messages: update it
  report_other,  // a delivery report that is not a failure (delayed, relayed): nothing to do
};

struct InboundMail {
  MailKind kind = MailKind::ticket;
  sdk::InboundMessage message;   // kind == ticket
  std::string bounced_message_id;  // kind == bounce: the Message-ID we sent, no brackets
  std::string diagnostic;          // kind == bounce
};

struct NormalizeOptions {
  std::string our_address;  // channels.email.address, lower-cased
  std::size_t max_attachment_bytes = std::size_t{10} * 1024 * 1024;
};

// Parses `raw` and decides what it is. Never throws for any input (bar std::bad_alloc).
// external_id is the Message-ID, else "sha256:<hex>" of the raw message, so a redelivered
// message is recognised either way. The raw message is attached as `original.eml`
// (message/rfc822). Automatic mail (Auto-Submitted other than "no", X-Autoreply,
// mailer-daemon/postmaster senders, our own X-Loop) is tagged "auto-reply", list mail
// (Precedence bulk/junk/list, List-Id) "bulk"; both carry "noAutoReply": true in metadata.
[[nodiscard]] InboundMail normalize_mail(std::string_view raw, const Envelope& envelope,
                                         const NormalizeOptions& options);
// The same, taking `raw` over as `original.eml` instead of copying it.
[[nodiscard]] InboundMail normalize_mail(std::string&& raw, const Envelope& envelope,
                                         const NormalizeOptions& options);

}  // namespace frontdesk::email
