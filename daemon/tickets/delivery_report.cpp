// SPDX-License-Identifier: Apache-2.0
#include "tickets/delivery_report.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"
#include "tickets/audit.hpp"

#include <string>

namespace frontdesk::tickets {

namespace {

// A report never moves a message backwards (delivered after read), and a failure is final.
const std::string& update_sql() {
  static const std::string sql = R"SQL(
WITH updated AS (
  UPDATE messages m SET delivery_status = $3, delivery_error = nullif($4, '')
  WHERE m.channel = $1 AND m.external_id = $2 AND m.direction = 'outbound'
    AND coalesce(m.delivery_status, 'queued') <> 'failed'
    AND (CASE $3 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END)
      > (CASE coalesce(m.delivery_status, 'queued') WHEN 'queued' THEN 0 WHEN 'sent' THEN 1
           WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END)
  RETURNING m.id, m.ticket_id
), audited AS ()SQL" + record_from(R"SQL(
  SELECT ticket_id, 'message.delivery', 'system', NULL::bigint, NULL::text, NULL::jsonb, to_jsonb($3::text),
         jsonb_build_object('messageId', id, 'error', nullif($4, '')), now()
  FROM updated)SQL") + R"SQL()
SELECT (SELECT count(*) FROM messages WHERE channel = $1 AND external_id = $2 AND direction = 'outbound')
)SQL";
  return sql;
}

// Kept reports are few and short-lived: each keep clears those over an hour old (their
// message was never recorded: a send that failed, or a provider's mistake).
constexpr std::string_view kKeepSql = R"SQL(
WITH expired AS (
  DELETE FROM early_delivery_reports WHERE received_at < now() - interval '1 hour'
)
INSERT INTO early_delivery_reports AS e (channel, external_id, status, error)
VALUES ($1, $2, $3, nullif($4, ''))
ON CONFLICT (channel, external_id) DO UPDATE
  SET status = excluded.status, error = excluded.error, received_at = excluded.received_at
  WHERE (CASE excluded.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END)
      > (CASE e.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END)
)SQL";

constexpr std::string_view kTakeSql = R"SQL(
DELETE FROM early_delivery_reports WHERE channel = $1 AND external_id = $2
RETURNING status, coalesce(error, '')
)SQL";

}  // namespace

void lock_provider_id(storage::Connection& c, std::string_view provider_id) {
  c.exec("SELECT pg_advisory_xact_lock(hashtext('delivery-report'), hashtext($1))", provider_id);
}

ReportOutcome record_delivery_report(storage::Connection& c, std::string_view channel, std::string_view provider_id,
                                     std::string_view status, std::string_view error) {
  storage::Transaction tx(c);
  lock_provider_id(c, provider_id);
  const auto known = c.exec(update_sql(), channel, provider_id, status, error).get<std::int64_t>(0, 0);
  if (known == 0) c.exec(kKeepSql, channel, provider_id, status, error);
  tx.commit();
  return known > 0 ? ReportOutcome::applied : ReportOutcome::kept;
}

void apply_early_report(storage::Connection& c, std::string_view channel, std::string_view provider_id) {
  const auto early = c.exec(kTakeSql, channel, provider_id);
  if (early.rows() == 0) return;
  c.exec(update_sql(), channel, provider_id, early.text(0, 0), early.text(0, 1));
}

}  // namespace frontdesk::tickets
