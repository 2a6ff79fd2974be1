#include "core/ticket_enums.hpp"
#include "core/utf8.hpp"
#include "ingest/inbound_message.hpp"

#include <boost/json/parse.hpp>

#include <regex>

namespace frontdesk::ingest {

namespace {

bool is_identity_kind(const std::string& kind) {
  static const std::regex pattern("[a-z][a-z0-9_]{0,31}");
  return std::regex_match(kind, pattern);
}

std::optional<std::string> check_text(const char* field, const std::string& value,
                                      std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    return std::string(field) + " is longer than " + std::to_string(max_bytes) + " bytes";
  }
  if (!core::is_valid_utf8(value)) return std::string(field) + " is not valid UTF-8";
  if (value.find('\0') != std::string::npos) return std::string(field) + " contains NUL";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const InboundMessage& m) {
  if (m.channel.empty()) return "channel is missing";
  if (m.external_id.empty()) return "external id is missing";
  if (m.identity_value.empty()) return "sender identity is missing";
  if (!is_identity_kind(m.identity_kind)) return "identity kind '" + m.identity_kind + "' is invalid";
  if (m.body.empty() && m.subject.empty() && m.attachments.empty()) return "message is empty";
  if (m.thread_keys.size() > kMaxThreadKeys) return "too many thread keys";

  const std::pair<const char*, const std::string*> short_fields[] = {
      {"external id", &m.external_id},       {"identity", &m.identity_value},
      {"customer name", &m.customer_name},   {"language", &m.customer_language},
      {"ticket reference", &m.ticket_ref},   {"thread key", &m.own_thread_key},
      {"subject", &m.subject}};
  for (const auto& [name, value] : short_fields) {
    if (auto error = check_text(name, *value, kMaxKeyBytes)) return error;
  }
  for (const auto& key : m.thread_keys) {
    if (auto error = check_text("thread key", key, kMaxKeyBytes)) return error;
  }
  if (auto error = check_text("body", m.body, kMaxTextBytes)) return error;
  for (const auto& a : m.attachments) {
    if (auto error = check_text("attachment name", a.filename, 255)) return error;
    if (auto error = check_text("attachment type", a.content_type, 255)) return error;
    if (auto error = check_text("attachment content id", a.content_id, kMaxKeyBytes)) return error;
  }
  if (!m.category.empty() && !core::parse_category(m.category)) {
    return "unknown category '" + m.category + "' (valid: " +
           std::string(core::category_values()) + ")";
  }
  if (!m.priority.empty() && !core::parse_priority(m.priority)) {
    return "unknown priority '" + m.priority + "' (valid: " +
           std::string(core::priority_values()) + ")";
  }
  if (!m.metadata_json.empty()) {
    boost::system::error_code ec;
    auto value = boost::json::parse(m.metadata_json, ec);
    if (ec || !value.is_object()) return "metadata is not a JSON object";
  }
  return std::nullopt;
}

}  // namespace frontdesk::ingest
