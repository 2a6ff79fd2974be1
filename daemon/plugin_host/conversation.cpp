#include "plugin_host/conversation.hpp"

#include "storage/connection.hpp"

#include <algorithm>

namespace frontdesk::plugin_host {

namespace {

// Every message but internal notes on the channel's tickets of the customer the identity
// names, numbered in storage order. A message moved off those tickets (a merge into a ticket
// of another channel) renumbers the ones after it; merges across channels are rare and a
// client then sees the moved message's successors again rather than missing any.
constexpr std::string_view kConversationSql = R"SQL(
WITH conv AS (
  SELECT m.id, m.ticket_id, t.number, m.direction::text AS direction, m.author_kind::text AS author_kind,
         coalesce(a.name, '') AS author_name, m.body, coalesce(m.external_id, '') AS external_id,
         m.created_at, row_number() OVER (ORDER BY m.id) AS seq
  FROM customer_identities ci
  JOIN tickets t ON t.customer_id = ci.customer_id AND t.channel = $1
  JOIN messages m ON m.ticket_id = t.id AND NOT m.is_internal
  LEFT JOIN agents a ON m.author_kind = 'agent' AND a.id = m.author_id
  WHERE ci.kind = $1 AND ci.value = $2
)
SELECT seq, id, ticket_id, (extract(epoch FROM created_at) * 1000)::bigint, number, direction,
       author_kind, author_name, body, external_id
FROM conv WHERE seq > $3 ORDER BY seq LIMIT $4
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
