// SPDX-License-Identifier: Apache-2.0
// Expanded from plugin.h's field lists, so a field appended there is stored without an edit
// here (fd_ingest_batch then decides whether to read its key).
#include "ingest/message_json.hpp"

#include "security/tokens.hpp"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

namespace frontdesk::ingest {

namespace {

// A JSON-object field is stored as its text, "{}" when the plugin left it empty.
boost::json::string_view text_value(FieldRule rule, const std::string& value) {
  if (rule == FieldRule::FD_RULE_JSON_OBJECT && value.empty()) return "{}";
  return value;
}

// Base64 written straight into the JSON string that carries it: an attachment's bytes are
// encoded once and not copied again until the batch is serialized (issue 21).
boost::json::string base64_value(const std::string& bytes) {
  boost::json::string out;
  out.resize(security::base64_size(bytes.size()));
  security::base64_encode_to(bytes, out.data());
  return out;
}

// fd_ingest_batch reads `attachments` as a text column, and jsonb_to_recordset hands a
// text column an array's JSON text: the array travels as an array, so its base64 is not
// escaped into a string inside the string.
boost::json::array attachments_json(const std::vector<Attachment>& attachments) {
  boost::json::array out;
  out.reserve(attachments.size());
  for (const auto& a : attachments) {
    boost::json::object item;
    // NOLINTBEGIN(bugprone-macro-parentheses)
#define FD_JSON_TEXT_(name, stored_as, max_bytes) item.emplace(stored_as, a.name);
#define FD_JSON_BYTES_(name, stored_as) item.emplace(stored_as, base64_value(a.name));
    FD_ATTACHMENT_FIELDS(FD_JSON_TEXT_, FD_JSON_BYTES_)
#undef FD_JSON_TEXT_
#undef FD_JSON_BYTES_
    // NOLINTEND(bugprone-macro-parentheses)
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

boost::json::object message_json(const InboundMessage& m, std::size_t i, const std::string& token) {
  boost::json::object out;
  out.reserve(20);
  out.emplace("i", i);
  out.emplace("channel", m.channel);
  // NOLINTBEGIN(bugprone-macro-parentheses)
#define FD_JSON_TEXT_(name, stored_as, max_bytes, rule) \
  out.emplace(stored_as, text_value(FieldRule::rule, m.name));
#define FD_JSON_TEXT_LIST_(name, count, stored_as, max_bytes, max_items) \
  {                                                                      \
    boost::json::array items;                                            \
    items.reserve(m.name.size());                                        \
    for (const auto& item : m.name) items.emplace_back(item);            \
    out.emplace(stored_as, std::move(items));                            \
  }
#define FD_JSON_ATTACHMENTS_(name, count, stored_as) out.emplace(stored_as, attachments_json(m.name));
#define FD_JSON_FLAGS_(name)
  FD_INBOUND_MESSAGE_FIELDS(FD_JSON_TEXT_, FD_JSON_TEXT_LIST_, FD_JSON_ATTACHMENTS_, FD_JSON_FLAGS_)
#undef FD_JSON_TEXT_
#undef FD_JSON_TEXT_LIST_
#undef FD_JSON_ATTACHMENTS_
#undef FD_JSON_FLAGS_
  // NOLINTEND(bugprone-macro-parentheses)
  out["language"] = m.language;  // the host's finding, in place of the channel's hint
  out.emplace("new_ticket", m.new_ticket());
  out.emplace("token_hash",
              token.empty() ? boost::json::value(nullptr)
                            : boost::json::value(security::to_bytea_hex(security::token_digest(token))));
  return out;
}

}  // namespace frontdesk::ingest
