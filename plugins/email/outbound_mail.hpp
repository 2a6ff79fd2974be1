// SPDX-License-Identifier: Apache-2.0
// Replies to customers: composed with Poco's MailMessage and sent with Poco's SMTP client
// (STARTTLS and AUTH LOGIN/PLAIN when configured).
#pragma once

#include <frontdesk/plugin.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config.hpp"

namespace frontdesk::email {

// What the outbox hands deliver(), copied.
struct OutboundRequest {
  std::int64_t outbox_id = 0;
  std::string ticket_number;
  std::string to;  // recipient address
  std::string subject;
  std::string body;
  std::string metadata_json;  // {"inReplyTo", "references", "autoSubmitted"}, see docs
};

struct ComposedMail {
  std::string message_id;  // without brackets: the provider id deliver() reports
  std::string recipient;   // envelope recipient, lower-cased
  std::string data;        // the RFC 5322 message, CRLF line ends, not dot-stuffed
};

struct DeliveryOutcome {
  fd_delivery_status status = FD_DELIVERY_TRANSIENT;
  std::string provider_id;
  std::string error;
};

// Builds the message: From our address, To the customer, the subject with the ticket's
// [TKT-…] token, a new Message-ID (`message_id`, no brackets), In-Reply-To/References from
// metadata, Auto-Submitted when metadata says so, X-Loop with our address. A string is
// the reason the request can never be sent (CR/LF in a header value, a bad address or
// metadata): the outbox must not retry it.
[[nodiscard]] std::variant<ComposedMail, std::string> compose_mail(const Config& config,
                                                                   const OutboundRequest& request,
                                                                   const std::string& message_id);

// A fresh Message-ID (without brackets) in the domain of `address`.
[[nodiscard]] std::string make_message_id(std::string_view address, std::int64_t outbox_id);

// Sends one composed message through `server`; blocks (run it off the event loop).
// 5xx answers are permanent, 4xx answers and network errors transient.
[[nodiscard]] DeliveryOutcome send_mail(const OutboundServer& server, const std::string& from,
                                        const ComposedMail& mail);

}  // namespace frontdesk::email
