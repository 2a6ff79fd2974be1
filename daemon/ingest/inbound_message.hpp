#pragma once
// A channel's message after normalization, and what became of it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::ingest {

struct Attachment {
  std::string filename;
  std::string content_type;
  std::string content_id;
  std::string data;
};

struct InboundMessage {
  std::string channel;
  std::string external_id;
  std::string identity_kind;
  std::string identity_value;
  std::string customer_name;
  std::string customer_language;
  std::string ticket_ref;
  std::vector<std::string> thread_keys;
  std::string own_thread_key;
  std::string subject;
  std::string body;
  std::string category;
  std::string priority;
  std::vector<Attachment> attachments;
  std::string metadata_json;  // a JSON object, or empty
  bool issue_customer_token = false;
  bool new_ticket = false;
};

enum class IngestStatus { created, appended, duplicate, rejected, failed };

struct IngestResult {
  IngestStatus status = IngestStatus::failed;
  std::int64_t ticket_id = 0;
  std::int64_t message_id = 0;
  std::string ticket_number;
  std::string ticket_status;
  std::string customer_token;  // plaintext, only for a new ticket that asked for one
  std::string error;
};

// Limits that keep one message from exhausting memory or the database.
inline constexpr std::size_t kMaxTextBytes = 1 << 20;
inline constexpr std::size_t kMaxThreadKeys = 100;
inline constexpr std::size_t kMaxKeyBytes = 998;  // an RFC 5322 line

// Why the message cannot be stored, or nullopt when it is acceptable.
std::optional<std::string> validate(const InboundMessage& message);

}  // namespace frontdesk::ingest
