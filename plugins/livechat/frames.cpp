// SPDX-License-Identifier: Apache-2.0
#include "frames.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

namespace frontdesk::livechat {

namespace {

bool valid_client_msg_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

// Code points, counting each UTF-8 lead byte (the JSON parser has checked the encoding).
std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

// The hello's fields; a malformed one is refused whole.
ClientFrame parse_hello(const boost::json::object& frame) {
  Hello hello;
  if (const auto* token = frame.if_contains("visitorToken"); token != nullptr && !token->is_null()) {
    if (!token->is_string()) return BadFrame{"bad_frame", "visitorToken must be text", ""};
    hello.visitor_token = std::string(token->as_string());
  }
  if (const auto* identity = frame.if_contains("identity"); identity != nullptr && !identity->is_null()) {
    const auto* fields = identity->if_object();
    const auto* user = fields ? fields->if_contains("userId") : nullptr;
    const auto* hmac = fields ? fields->if_contains("hmac") : nullptr;
    if (user == nullptr || !user->is_string() || hmac == nullptr || !hmac->is_string()) {
      return BadFrame{"bad_frame", "identity must be {\"userId\": text, \"hmac\": hex}", ""};
    }
    hello.user_id = std::string(user->as_string());
    hello.hmac = std::string(hmac->as_string());
  }
  if (const auto* resume = frame.if_contains("resume"); resume != nullptr && !resume->is_null()) {
    if (!resume->is_int64() || resume->get_int64() < 0) {
      return BadFrame{"bad_frame", "resume must be a non-negative integer (a seq)", ""};
    }
    hello.resume = resume->get_int64();
  }
  return hello;
}

}  // namespace

ClientFrame parse_client_frame(std::string_view text, std::size_t max_message_chars) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return BadFrame{"bad_frame", "a frame is one JSON object", ""};
  const auto& frame = value.as_object();
  const auto* type = frame.if_contains("type");
  if (type == nullptr || !type->is_string()) return BadFrame{"bad_frame", "a frame needs a \"type\"", ""};
  if (*type == "hello") return parse_hello(frame);
  if (*type == "message") {
    const auto* id = frame.if_contains("clientMsgId");
    if (id == nullptr || !id->is_string() || !valid_client_msg_id(id->as_string())) {
      return BadFrame{"bad_frame", "clientMsgId must be 1-64 characters of A-Z a-z 0-9 - _ . :", ""};
    }
    const std::string client_msg_id(id->as_string());
    const auto* body = frame.if_contains("text");
    if (body == nullptr || !body->is_string() || blank(body->as_string())) {
      return BadFrame{"bad_frame", "text must be non-empty", client_msg_id};
    }
    if (characters(body->as_string()) > max_message_chars) {
      return BadFrame{"too_long", "text is longer than " + std::to_string(max_message_chars) + " characters",
                      client_msg_id};
    }
    return SendMessage{client_msg_id, std::string(body->as_string())};
  }
  if (*type == "read") {
    const auto* seq = frame.if_contains("seq");
    if (seq == nullptr || !seq->is_int64() || seq->get_int64() < 0) {
      return BadFrame{"bad_frame", "seq must be a non-negative integer", ""};
    }
    return MarkRead{seq->get_int64()};
  }
  if (*type == "typing") return Typing{};
  return BadFrame{"bad_frame", "unknown frame type", ""};
}

// Admins answer as agents do.
bool from_agent(const sdk::ConversationMessage& m) {
  return m.direction != "inbound" && (m.author_kind == "agent" || m.author_kind == "admin");
}

std::string message_frame(const sdk::ConversationMessage& m, std::string_view client_msg_id) {
  boost::json::object frame;
  frame["type"] = "message";
  frame["seq"] = m.seq;
  frame["ticket"] = m.ticket_number;
  const bool from_visitor = m.direction == "inbound";
  // Rules and the system speak for nobody in particular.
  frame["author"] = from_visitor ? "visitor" : (from_agent(m) ? "agent" : "system");
  if (!m.author_name.empty()) frame["authorName"] = m.author_name;
  frame["text"] = m.body;
  frame["at"] = m.created_at_ms;
  if (from_visitor && !client_msg_id.empty()) frame["clientMsgId"] = client_msg_id;
  return boost::json::serialize(frame);
}

std::string agent_frame(std::string_view name) {
  return boost::json::serialize(boost::json::object{{"type", "agent"}, {"name", name}});
}

std::string ack_frame(std::string_view client_msg_id, std::int64_t seq, bool duplicate,
                      std::string_view ticket_number) {
  return boost::json::serialize(boost::json::object{{"type", "ack"},
                                                    {"clientMsgId", client_msg_id},
                                                    {"seq", seq},
                                                    {"status", duplicate ? "duplicate" : "stored"},
                                                    {"ticket", ticket_number}});
}

std::string error_frame(std::string_view code, std::string_view message, std::string_view client_msg_id) {
  boost::json::object frame{{"type", "error"}, {"code", code}, {"message", message}};
  if (!client_msg_id.empty()) frame["clientMsgId"] = client_msg_id;
  return boost::json::serialize(frame);
}

std::string typing_frame(std::string_view author_name) {
  boost::json::object frame{{"type", "typing"}, {"author", "agent"}, {"expiresIn", FD_TYPING_LASTS_MS}};
  if (!author_name.empty()) frame["authorName"] = author_name;
  return boost::json::serialize(frame);
}

std::string welcome_frame(std::string_view visitor_token, std::string_view identity, bool verified,
                          std::int64_t seq) {
  boost::json::object frame{{"type", "welcome"}, {"conversationId", identity}, {"verified", verified}, {"seq", seq}};
  if (visitor_token.empty()) {
    frame["visitorToken"] = nullptr;
  } else {
    frame["visitorToken"] = visitor_token;
  }
  return boost::json::serialize(frame);
}

}  // namespace frontdesk::livechat
