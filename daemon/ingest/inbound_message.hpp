// SPDX-License-Identifier: Apache-2.0
#pragma once
// A channel's message after normalization, and what became of it.
//
// The message is the SDK's own type (include/frontdesk/plugin.hpp), whose members, like the
// checks in validate.cpp and the stored form in message_json.cpp, are expanded from the one
// field list in plugin.h (FD_INBOUND_MESSAGE_FIELDS). The host only adds the channel.
#include <frontdesk/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace frontdesk::ingest {

using Attachment = sdk::Attachment;

struct InboundMessage : sdk::InboundMessage {
  std::string channel;  // the plugin's channel, set by the host

  [[nodiscard]] bool issue_customer_token() const noexcept {
    return (flags & FD_INBOUND_ISSUE_CUSTOMER_TOKEN) != 0;
  }
  [[nodiscard]] bool new_ticket() const noexcept { return (flags & FD_INBOUND_NEW_TICKET) != 0; }
};

// The rules the TEXT fields of FD_INBOUND_MESSAGE_FIELDS name (plugin.h), spelled as there
// so the field list's `rule` column expands to `FieldRule::rule`.
enum class FieldRule {
  FD_RULE_ANY,
  FD_RULE_REQUIRED,
  FD_RULE_KIND,
  FD_RULE_JSON_OBJECT,
  FD_RULE_CATEGORY,
  FD_RULE_PRIORITY
};

enum class IngestStatus { created, appended, duplicate, rejected, failed };

struct IngestResult {
  IngestStatus status = IngestStatus::failed;
  std::int64_t ticket_id = 0;
  std::int64_t message_id = 0;
  std::string ticket_number;
  std::string ticket_status;
  std::int64_t conversation_seq = 0;  // the message's number in its conversation (0: none)
  std::string customer_token;  // plaintext, only for a new ticket that asked for one
  std::string error;
};

// Why the message cannot be stored, or nullopt when it is acceptable. The limits are
// plugin.h's (FD_INBOUND_*_BYTES, FD_INBOUND_MAX_THREAD_KEYS): they keep one message from
// exhausting memory or the database.
std::optional<std::string> validate(const InboundMessage& message);

}  // namespace frontdesk::ingest
