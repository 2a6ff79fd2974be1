// SPDX-License-Identifier: Apache-2.0
// The checks on an inbound message, expanded from plugin.h's field lists: every field's
// length, UTF-8 and rule (FD_RULE_*), so a field added there is checked without an edit here.
#include "core/ticket_enums.hpp"
#include "core/utf8.hpp"
#include "ingest/inbound_message.hpp"

#include <boost/json/parse.hpp>

#include <string_view>

namespace frontdesk::ingest {

namespace {

using Rule = FieldRule;

// A field's name as a person reads it: "external_id" → "external id".
std::string label(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

// [a-z][a-z0-9_]{0,31}
bool is_kind(std::string_view kind) {
  if (kind.empty() || kind.size() > 32 || kind.front() < 'a' || kind.front() > 'z') return false;
  for (const char c : kind) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::optional<std::string> check_text(std::string_view field, const std::string& value,
                                      std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    return label(field) + " is longer than " + std::to_string(max_bytes) + " bytes";
  }
  if (!core::is_valid_utf8(value)) return label(field) + " is not valid UTF-8";
  if (value.find('\0') != std::string::npos) return label(field) + " contains NUL";
  return std::nullopt;
}

std::optional<std::string> check_rule(Rule rule, std::string_view field, const std::string& value) {
  switch (rule) {
    case Rule::FD_RULE_ANY: break;
    case Rule::FD_RULE_REQUIRED:
      if (value.empty()) return label(field) + " is missing";
      break;
    case Rule::FD_RULE_KIND:
      if (!is_kind(value)) return label(field) + " '" + value + "' is invalid";
      break;
    case Rule::FD_RULE_JSON_OBJECT:
      if (!value.empty()) {
        boost::system::error_code ec;
        auto parsed = boost::json::parse(value, ec);
        if (ec || !parsed.is_object()) return label(field) + " is not a JSON object";
      }
      break;
    case Rule::FD_RULE_CATEGORY:
      if (!value.empty() && !core::parse_category(value)) {
        return "unknown category '" + value + "' (valid: " + std::string(core::category_values()) + ")";
      }
      break;
    case Rule::FD_RULE_PRIORITY:
      if (!value.empty() && !core::parse_priority(value)) {
        return "unknown priority '" + value + "' (valid: " + std::string(core::priority_values()) + ")";
      }
      break;
  }
  return std::nullopt;
}

std::optional<std::string> check_attachment(const Attachment& a) {
  // NOLINTBEGIN(bugprone-macro-parentheses)
#define FD_CHECK_TEXT_(name, stored_as, max_bytes) \
  if (auto error = check_text("attachment " #name, a.name, max_bytes)) return error;
#define FD_CHECK_BYTES_(name, stored_as)
  FD_ATTACHMENT_FIELDS(FD_CHECK_TEXT_, FD_CHECK_BYTES_)
#undef FD_CHECK_TEXT_
#undef FD_CHECK_BYTES_
  // NOLINTEND(bugprone-macro-parentheses)
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const InboundMessage& m) {
  if (m.channel.empty()) return "channel is missing";
  if (m.body.empty() && m.subject.empty() && m.attachments.empty()) return "message is empty";
  // NOLINTBEGIN(bugprone-macro-parentheses)
#define FD_CHECK_TEXT_(name, stored_as, max_bytes, rule)                          \
  if (auto error = check_text(#name, m.name, max_bytes)) return error;            \
  if (auto error = check_rule(Rule::rule, #name, m.name)) return error;
#define FD_CHECK_TEXT_LIST_(name, count, stored_as, max_bytes, max_items)         \
  if (m.name.size() > (max_items)) return "too many " + label(#name);             \
  for (const auto& item : m.name) {                                               \
    if (auto error = check_text(#name, item, max_bytes)) return error;            \
  }
#define FD_CHECK_ATTACHMENTS_(name, count, stored_as)                             \
  for (const auto& item : m.name) {                                               \
    if (auto error = check_attachment(item)) return error;                        \
  }
#define FD_CHECK_FLAGS_(name)
  FD_INBOUND_MESSAGE_FIELDS(FD_CHECK_TEXT_, FD_CHECK_TEXT_LIST_, FD_CHECK_ATTACHMENTS_,
                            FD_CHECK_FLAGS_)
#undef FD_CHECK_TEXT_
#undef FD_CHECK_TEXT_LIST_
#undef FD_CHECK_ATTACHMENTS_
#undef FD_CHECK_FLAGS_
  // NOLINTEND(bugprone-macro-parentheses)
  return std::nullopt;
}

}  // namespace frontdesk::ingest
