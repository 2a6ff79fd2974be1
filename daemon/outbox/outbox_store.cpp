// SPDX-License-Identifier: Apache-2.0
#include "outbox/outbox_store.hpp"

#include "tickets/audit.hpp"
#include "tickets/delivery_report.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

namespace frontdesk::outbox {

namespace {

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// last_inbound_at: the recipient's latest inbound message on this channel over all tickets
// of the ticket's customer, or of the customer a message without a ticket names (a proactive
// notification's metadata customerId): WhatsApp's 24-hour window is per customer.
constexpr std::string_view kClaimSql = R"SQL(
WITH due AS (
  SELECT id FROM outbox
  WHERE status = 'pending' AND next_attempt_at <= to_timestamp($3::bigint / 1000.0)
    AND channel = ANY (string_to_array($4, ','))
  ORDER BY next_attempt_at, id
  LIMIT $2
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE outbox o
  SET status = 'sending', claimed_by = $1, claimed_at = to_timestamp($3::bigint / 1000.0),
      attempts = o.attempts + 1, updated_at = to_timestamp($3::bigint / 1000.0)
  FROM due WHERE o.id = due.id
  RETURNING o.*
)
SELECT c.id, coalesce(c.message_id, 0), coalesce(c.ticket_id, 0), c.channel, c.to_kind,
       c.to_value, c.subject, c.body, c.metadata::text, c.attempts, coalesce(t.number, ''),
       coalesce(oo.keyword, ''),
       coalesce((SELECT (extract(epoch FROM max(m.created_at)) * 1000)::bigint
                 FROM tickets ct JOIN messages m ON m.ticket_id = ct.id
                 WHERE ct.customer_id = coalesce(t.customer_id, (c.metadata ->> 'customerId')::bigint)
                   AND m.channel = c.channel
                   AND m.direction = 'inbound'), 0),
       wh.id IS NOT NULL, coalesce(wh.secret, ''), coalesce(c.metadata ->> 'eventType', '')
FROM claimed c
LEFT JOIN tickets t ON t.id = c.ticket_id
LEFT JOIN channel_opt_outs oo ON oo.channel = c.channel AND oo.identity_value = c.to_value
LEFT JOIN webhooks wh ON c.channel = 'webhook' AND c.metadata ? 'webhookId'
                      AND wh.id = (c.metadata ->> 'webhookId')::bigint
ORDER BY c.next_attempt_at, c.id
)SQL";

constexpr std::string_view kReleaseSql = R"SQL(
UPDATE outbox SET status = 'pending', claimed_by = NULL, next_attempt_at = to_timestamp($1::bigint / 1000.0),
                  last_error = 'lease expired while sending; retried', updated_at = to_timestamp($1::bigint / 1000.0)
WHERE status = 'sending' AND claimed_at < to_timestamp($1::bigint / 1000.0) - make_interval(secs => $2::bigint / 1000.0)
)SQL";

constexpr std::string_view kSentSql = R"SQL(
WITH row AS (
  UPDATE outbox SET status = 'sent', provider_id = nullif($2, ''), last_error = NULL,
                    updated_at = to_timestamp($3::bigint / 1000.0)
  WHERE id = $1 RETURNING message_id
)
UPDATE messages m
SET external_id = coalesce(nullif($2, ''), m.external_id),
    delivery_status = CASE WHEN coalesce(m.delivery_status, 'queued') = 'queued' THEN 'sent'
                           ELSE m.delivery_status END,
    delivery_error = NULL
FROM row WHERE m.id = row.message_id
RETURNING m.channel
)SQL";

constexpr std::string_view kRetrySql = R"SQL(
UPDATE outbox SET status = 'pending', claimed_by = NULL, last_error = $2,
                  next_attempt_at = to_timestamp($3::bigint / 1000.0),
                  updated_at = to_timestamp($4::bigint / 1000.0)
WHERE id = $1
)SQL";

// The outbox row and its message fail together, and the failure is audited on the ticket.
const std::string& failed_sql() {
  static const std::string sql = R"SQL(
WITH row AS (
  UPDATE outbox SET status = $3, claimed_by = NULL, last_error = $2,
                    updated_at = to_timestamp($4::bigint / 1000.0)
  WHERE id = $1 RETURNING id, message_id, ticket_id, attempts
), msg AS (
  UPDATE messages m SET delivery_status = 'failed', delivery_error = $2
  FROM row WHERE m.id = row.message_id
  RETURNING m.id
)
)SQL" + tickets::record_from(R"SQL(
SELECT row.ticket_id, 'message.delivery', 'system', NULL::bigint, NULL::text, NULL::jsonb, to_jsonb('failed'::text),
       jsonb_build_object('messageId', row.message_id, 'outboxId', row.id, 'error', $2,
                          'attempts', row.attempts, 'deadLetter', $3 = 'dead'),
       to_timestamp($4::bigint / 1000.0)
FROM row WHERE row.ticket_id IS NOT NULL
)SQL");
  return sql;
}

}  // namespace

std::vector<ClaimedRow> claim_due(storage::Connection& c, std::string_view worker, int limit,
                                  TimePoint now, const std::vector<std::string>& channels) {
  // Channel names are validated identifiers ([A-Za-z0-9_-]), so a comma list is exact.
  std::string list;
  for (const auto& channel : channels) {
    if (!list.empty()) list += ',';
    list += channel;
  }
  const auto rows = c.exec(kClaimSql, worker, limit, millis(now), list);
  std::vector<ClaimedRow> out;
  out.reserve(static_cast<std::size_t>(rows.rows()));
  for (int r = 0; r < rows.rows(); ++r) {
    ClaimedRow row;
    auto& o = row.outbound;
    o.outbox_id = rows.get<std::int64_t>(r, 0);
    o.message_id = rows.get<std::int64_t>(r, 1);
    o.ticket_id = rows.get<std::int64_t>(r, 2);
    row.channel = rows.get<std::string>(r, 3);
    o.to_kind = rows.get<std::string>(r, 4);
    o.to_value = rows.get<std::string>(r, 5);
    o.subject = rows.get<std::string>(r, 6);
    o.body = rows.get<std::string>(r, 7);
    o.metadata_json = rows.get<std::string>(r, 8);
    o.attempt = static_cast<std::uint32_t>(rows.get<std::int32_t>(r, 9));
    o.ticket_number = rows.get<std::string>(r, 10);
    row.opted_out_keyword = rows.get<std::string>(r, 11);
    o.last_inbound_at_ms = rows.get<std::int64_t>(r, 12);
    row.subscription = rows.get<bool>(r, 13);
    row.signing_secret = rows.get<std::string>(r, 14);
    row.event_type = rows.get<std::string>(r, 15);
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t release_expired(storage::Connection& c, TimePoint now, std::chrono::milliseconds lease) {
  return c.exec(kReleaseSql, millis(now), static_cast<std::int64_t>(lease.count())).affected_rows();
}

void record_sent(storage::Connection& c, std::int64_t outbox_id, std::string_view provider_id,
                 TimePoint now) {
  if (provider_id.empty()) {
    c.exec(kSentSql, outbox_id, provider_id, millis(now));
    return;
  }
  storage::Transaction tx(c);
  tickets::lock_provider_id(c, provider_id);
  const auto sent = c.exec(kSentSql, outbox_id, provider_id, millis(now));
  if (sent.rows() > 0) tickets::apply_early_report(c, sent.text(0, 0), provider_id);
  tx.commit();
}

void record_retry(storage::Connection& c, std::int64_t outbox_id, std::string_view error,
                  TimePoint retry_at, TimePoint now) {
  c.exec(kRetrySql, outbox_id, error, millis(retry_at), millis(now));
}

void record_failed(storage::Connection& c, std::int64_t outbox_id, std::string_view error, bool dead,
                   TimePoint now) {
  c.exec(failed_sql(), outbox_id, error, std::string_view(dead ? "dead" : "failed"), millis(now));
}

}  // namespace frontdesk::outbox
