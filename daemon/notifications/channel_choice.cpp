// SPDX-License-Identifier: Apache-2.0
#include "notifications/channel_choice.hpp"

#include "storage/array_literal.hpp"
#include "storage/connection.hpp"
#include "storage/result.hpp"

namespace frontdesk::notifications {

namespace {

// One row per asked channel, in the caller's order: the address the ticket domain would
// reply to on it (fd_reply_identity), and what keeps us from using it.
constexpr std::string_view kChannelsSql = R"sql(
SELECT ch.channel, r.kind, r.value,
       EXISTS (SELECT 1 FROM channel_opt_outs o WHERE o.channel = ch.channel AND o.identity_value = r.value),
       coalesce((SELECT s.enabled FROM channel_settings s WHERE s.name = ch.channel), true),
       ch.channel <> 'whatsapp'
         OR EXISTS (SELECT 1 FROM customer_opt_ins i WHERE i.customer_id = $1 AND i.channel = 'whatsapp')
         OR EXISTS (SELECT 1 FROM tickets t JOIN messages m ON m.ticket_id = t.id
                    WHERE t.customer_id = $1 AND m.channel = 'whatsapp' AND m.direction = 'inbound')
FROM unnest($2::text[]) WITH ORDINALITY AS ch(channel, position)
CROSS JOIN LATERAL fd_reply_identity($1, ch.channel) r
ORDER BY ch.position)sql";

}  // namespace

ChannelChoice choose_channel(storage::Connection& db, std::int64_t customer_id, std::span<const std::string> channels) {
  storage::ArrayLiteral asked;
  for (const auto& c : channels) asked.add(std::string_view(c));
  const auto rows = db.exec(kChannelsSql, customer_id, asked.text());
  ChannelChoice choice;
  for (int i = 0; i < rows.rows(); ++i) {
    const std::string channel(rows.text(i, 0));
    std::string why;
    if (rows.is_null(i, 2)) {
      why = channel == "email" ? "no e-mail address" : "no phone number";
    } else if (rows.get<bool>(i, 3)) {
      why = "opted out";
    } else if (!rows.get<bool>(i, 4)) {
      why = "the channel is not enabled";
    } else if (!rows.get<bool>(i, 5)) {
      why = "never wrote to us on WhatsApp and no opt-in is recorded";
    } else {
      choice.channel = channel;
      choice.to_kind = rows.text(i, 1);
      choice.to_value = rows.text(i, 2);
      return choice;
    }
    if (!choice.refusals.empty()) choice.refusals += "; ";
    choice.refusals += channel + ": " + why;
  }
  return choice;
}

}  // namespace frontdesk::notifications
