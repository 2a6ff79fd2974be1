// SPDX-License-Identifier: Apache-2.0
#pragma once
// The chat's JSON frames (docs/livechat.md): what a visitor's client sends, parsed and
// checked, and what the server sends, built.
#include <frontdesk/plugin.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace frontdesk::livechat {

// {"type":"message","clientMsgId":"...","body":"..."}
struct SendMessage {
  std::string client_msg_id;
  std::string body;
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

using ClientFrame = std::variant<SendMessage, MarkRead, Typing, BadFrame>;

ClientFrame parse_client_frame(std::string_view text, std::size_t max_message_chars);

// {"type":"message","seq":..,"ticket":..,"from":"visitor"|"agent"|"system","author":..,
//  "body":..,"at":ms[,"clientMsgId":..]}
std::string message_frame(const sdk::ConversationMessage& m, std::string_view client_msg_id);
// {"type":"ack","clientMsgId":..,"status":"stored"|"duplicate","ticket":..}
std::string ack_frame(std::string_view client_msg_id, bool duplicate, std::string_view ticket_number);
// {"type":"error","code":..,"message":..[,"clientMsgId":..]}
std::string error_frame(std::string_view code, std::string_view message, std::string_view client_msg_id = {});
// {"type":"typing","from":"agent","author":..,"expiresIn":ms}: shown until expiresIn passes,
// unless it comes again (or the agent's message arrives).
std::string typing_frame(std::string_view author_name);
// {"type":"ready","visitor":"v-…"|"u-…","verified":bool,"resumeFrom":seq}
std::string ready_frame(std::string_view identity, bool verified, std::int64_t resume_from);

}  // namespace frontdesk::livechat
