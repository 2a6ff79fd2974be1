// SPDX-License-Identifier: Apache-2.0
#pragma once
// The host's side of fd_host_api::conversation and ::broadcast: a connected customer's
// messages by `seq`, the number each got in commit order (stored, so every daemon reads the
// same), and NOTIFY-based broadcasts between the daemons that share the database.
#include <frontdesk/plugin.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::plugin_host {

struct ConversationMessage {
  std::int64_t seq = 0;
  std::int64_t message_id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t created_at_ms = 0;
  std::string ticket_number;
  std::string direction;
  std::string author_kind;
  std::string author_name;
  std::string body;
  std::string external_id;
};

inline constexpr std::uint32_t kMaxConversationPage = 500;

std::vector<ConversationMessage> read_conversation(storage::Connection& c, std::string_view channel,
                                                   std::string_view identity_value, std::int64_t after_seq,
                                                   std::uint32_t limit);

// The NOTIFY channel of a plugin's broadcasts.
std::string broadcast_topic(std::string_view channel);

void send_broadcast(storage::Connection& c, std::string_view channel, std::string_view payload);

}  // namespace frontdesk::plugin_host
