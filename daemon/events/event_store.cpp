// SPDX-License-Identifier: Apache-2.0
#include "events/event_store.hpp"

#include "storage/connection.hpp"

#include <charconv>
#include <string_view>

namespace frontdesk::events {

namespace {

// One statement, so the snapshot reported is the one the rows were read under.
constexpr std::string_view kFetchSql = R"SQL(
WITH s AS (SELECT pg_current_snapshot() AS snap),
ev AS (
  SELECT a, fd_event_type(a.event, a.data, a.ticket_id) AS type
  FROM audit_events a WHERE a.id > $1 ORDER BY a.id LIMIT $2
)
SELECT pg_snapshot_xmin(s.snap)::text::bigint, pg_snapshot_xmax(s.snap)::text::bigint,
       (ev.a).id, coalesce(ev.type, ''), coalesce(t.id, 0), coalesce(t.customer_id, 0),
       coalesce(m.is_internal, false),
       CASE WHEN ev.type IS NOT NULL AND (t.id IS NOT NULL OR (ev.a).ticket_id IS NULL)
            THEN fd_event_json(ev.a, ev.type, true)::text END,
       CASE WHEN ev.type IS NOT NULL AND t.id IS NOT NULL AND $3 THEN fd_event_json(ev.a, ev.type, false)::text END,
       CASE WHEN ev.type IS NOT NULL AND t.id IS NOT NULL THEN
         (SELECT string_agg(x.token_id::text, ',') FROM api_token_tickets x WHERE x.ticket_id = t.id) END
FROM s
LEFT JOIN ev ON true
LEFT JOIN tickets t ON t.id = (ev.a).ticket_id
LEFT JOIN messages m ON ev.type LIKE 'message.%' AND (ev.a).data ? 'messageId'
                     AND m.id = ((ev.a).data ->> 'messageId')::bigint
ORDER BY (ev.a).id
)SQL";

// Only the ids, for the position when nobody listens: reading each event's type, ticket and
// JSON would cost the ingest its database time for nothing.
constexpr std::string_view kFetchIdsSql = R"SQL(
WITH s AS (SELECT pg_current_snapshot() AS snap)
SELECT pg_snapshot_xmin(s.snap)::text::bigint, pg_snapshot_xmax(s.snap)::text::bigint, a.id
FROM s LEFT JOIN LATERAL (SELECT id FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2) a ON true
ORDER BY a.id
)SQL";

std::vector<std::int64_t> parse_ids(std::string_view text) {
  std::vector<std::int64_t> ids;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    std::int64_t id = 0;
    if (std::from_chars(item.data(), item.data() + item.size(), id).ec == std::errc{}) ids.push_back(id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ids;
}

}  // namespace

Batch fetch_events(storage::Connection& c, std::int64_t after, int limit, bool customer_view, bool bodies) {
  const auto rows = bodies ? c.exec(kFetchSql, after, limit, customer_view) : c.exec(kFetchIdsSql, after, limit);
  Batch batch;
  if (rows.rows() == 0) return batch;
  batch.xmin = rows.get<std::int64_t>(0, 0);
  batch.xmax = rows.get<std::int64_t>(0, 1);
  for (int r = 0; r < rows.rows(); ++r) {
    if (rows.is_null(r, 2)) continue;  // no events: the snapshot row only
    auto e = std::make_shared<Event>();
    e->id = rows.get<std::int64_t>(r, 2);
    if (!bodies) {
      batch.events.push_back(std::move(e));
      continue;
    }
    e->type = rows.get<std::string>(r, 3);
    e->ticket_id = rows.get<std::int64_t>(r, 4);
    e->customer_id = rows.get<std::int64_t>(r, 5);
    e->internal = rows.get<bool>(r, 6);
    e->staff_json = std::string(rows.text(r, 7));
    e->customer_json = std::string(rows.text(r, 8));
    e->scoped_tokens = parse_ids(rows.text(r, 9));
    if (e->staff_json.empty()) e->type.clear();  // no ticket (any more): nothing to publish
    batch.events.push_back(std::move(e));
  }
  return batch;
}

std::int64_t newest_event_id(storage::Connection& c) {
  return c.exec("SELECT coalesce(max(id), 0) FROM audit_events").get<std::int64_t>(0, 0);
}

}  // namespace frontdesk::events
