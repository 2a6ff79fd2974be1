// SPDX-License-Identifier: Apache-2.0
#pragma once
// The chat's JSON frames (docs/livechat.md): what a visitor's client sends, parsed and
// checked, and what the server sends, built.
#include <frontdesk/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace frontdesk::livechat {

// {"type":"hello","visitorToken"?:"...","identity"?:{"userId":"...","hmac":"..."},"resume"?:n}:
// the first frame, and only then. Neither token nor identity: a new anonymous visitor.
struct Hello {
  std::string visitor_token;
  std::optional<std::string> user_id;
  std::string hmac;
  std::int64_t resume = 0;
};
// {"type":"message","clientMsgId":"...","text":"..."}
struct SendMessage {
  std::string client_msg_id;
  std::string text;
};
// {"type":"read","seq":n}: the visitor has seen everything up to seq.
struct MarkRead {
  std::int64_t seq = 0;
};
// {"type":"typing"}: the visitor is typing (repeated while it goes on).
struct Typing {};
struct BadFrame {
  std::string code;  // bad_frame, too_long
  std::string message;
  std::string client_msg_id;  // when the frame named one
};

using ClientFrame = std::variant<Hello, SendMessage, MarkRead, Typing, BadFrame>;

ClientFrame parse_client_frame(std::string_view text, std::size_t max_message_chars);

// {"type":"message","seq":..,"ticket":..,"author":"visitor"|"agent"|"system","authorName":..,
//  "text":..,"at":ms[,"clientMsgId":..]}
std::string message_frame(const sdk::ConversationMessage& m, std::string_view client_msg_id);
// Whether `m` is written by a person on the desk's side (an agent frame names them).
bool from_agent(const sdk::ConversationMessage& m);
// {"type":"agent","name":..}: who answers from now on (before their first message).
std::string agent_frame(std::string_view name);
// {"type":"ack","clientMsgId":..,"seq":..,"status":"stored"|"duplicate","ticket":..}
std::string ack_frame(std::string_view client_msg_id, std::int64_t seq, bool duplicate,
                      std::string_view ticket_number);
// {"type":"error","code":..,"message":..[,"clientMsgId":..]}
std::string error_frame(std::string_view code, std::string_view message, std::string_view client_msg_id = {});
// {"type":"typing","author":"agent","authorName":..,"expiresIn":ms}: shown until expiresIn
// passes, unless it comes again (or the agent's message arrives).
std::string typing_frame(std::string_view author_name);
// {"type":"welcome","visitorToken":..|null,"conversationId":"v-…"|"u-…","verified":bool,
//  "seq":n}: the messages after seq n follow. The token is the anonymous visitor's (the one
// sent, or a new one to keep); an identified user has none.
std::string welcome_frame(std::string_view visitor_token, std::string_view identity, bool verified,
                          std::int64_t seq);

}  // namespace frontdesk::livechat
