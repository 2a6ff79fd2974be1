// SPDX-License-Identifier: Apache-2.0
#include "plugin_host/conversation.hpp"

#include "storage/connection.hpp"

#include <algorithm>

namespace frontdesk::plugin_host {

namespace {

// Every message but internal notes on the channel's tickets of the customer the identity
// names, by the number each got in commit order (migration 0041). A message moved here from
// another channel's ticket by a merge is numbered anew, after what was there; the
// conversation it left has a gap where it was.
constexpr std::string_view kConversationSql = R"SQL(
SELECT m.conversation_seq, m.id, m.ticket_id, (extract(epoch FROM m.created_at) * 1000)::bigint, t.number,
       m.direction::text, m.author_kind::text, coalesce(a.name, ''), m.body, coalesce(m.external_id, '')
FROM customer_identities ci
JOIN tickets t ON t.customer_id = ci.customer_id AND t.channel = $1
JOIN messages m ON m.ticket_id = t.id AND NOT m.is_internal
LEFT JOIN agents a ON m.author_kind = 'agent' AND a.id = m.author_id
WHERE ci.kind = $1 AND ci.value = $2 AND m.conversation_seq > $3
ORDER BY m.conversation_seq LIMIT $4
)SQL";

}  // namespace

std::vector<ConversationMessage> read_conversation(storage::Connection& c, std::string_view channel,
                                                   std::string_view identity_value, std::int64_t after_seq,
                                                   std::uint32_t limit) {
  const auto page = static_cast<std::int64_t>(std::clamp<std::uint32_t>(limit, 1, kMaxConversationPage));
  const auto rows = c.exec(kConversationSql, std::string(channel), std::string(identity_value),
                           std::max<std::int64_t>(after_seq, 0), page);
  std::vector<ConversationMessage> out;
  out.reserve(static_cast<std::size_t>(rows.rows()));
  for (int r = 0; r < rows.rows(); ++r) {
    ConversationMessage m;
    m.seq = rows.get<std::int64_t>(r, 0);
    m.message_id = rows.get<std::int64_t>(r, 1);
    m.ticket_id = rows.get<std::int64_t>(r, 2);
    m.created_at_ms = rows.get<std::int64_t>(r, 3);
    m.ticket_number = rows.get<std::string>(r, 4);
    m.direction = rows.get<std::string>(r, 5);
    m.author_kind = rows.get<std::string>(r, 6);
    m.author_name = rows.get<std::string>(r, 7);
    m.body = rows.get<std::string>(r, 8);
    m.external_id = rows.get<std::string>(r, 9);
    out.push_back(std::move(m));
  }
  return out;
}

std::string broadcast_topic(std::string_view channel) { return "fd_plugin_" + std::string(channel); }

void send_broadcast(storage::Connection& c, std::string_view channel, std::string_view payload) {
  c.exec("SELECT pg_notify($1, $2)", broadcast_topic(channel), std::string(payload));
}

}  // namespace frontdesk::plugin_host
