// GET /stats: seed 003's breakdowns and agentStats, plus channel breakdown, a daily trend,
// first-contact resolution, escalation and reopen rates, computed by one statement over the
// tickets created in the period (optionally those assigned to one agent).
//
// SLA compliance uses fd_ticket_sla (migrations/0005_api.sql): seed 003's targets on a 24x7
// clock until the SLA scheduler replaces that function.
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

namespace {

constexpr std::string_view kStatsSql = R"SQL(
WITH t AS (
  SELECT t.id, t.status, t.priority, t.category, t.channel, t.created_at, t.first_response_at,
         t.resolved_at, t.escalation_level, (fd_ticket_sla(t, now())).met AS sla_met
  FROM tickets t
  WHERE ($1::timestamptz IS NULL OR t.created_at >= $1)
    AND ($2::timestamptz IS NULL OR t.created_at < $2)
    AND ($3::bigint IS NULL OR t.assigned_to = $3)
),
pct AS (SELECT 'FM990.00'::text AS fmt)
SELECT jsonb_build_object(
  'total', (SELECT count(*) FROM t),
  'statusBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n)
                                              ORDER BY n DESC, k)
      FROM (SELECT status AS k, count(*) AS n FROM t GROUP BY 1) s), '[]'),
  'priorityBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n)
                                                ORDER BY n DESC, k)
      FROM (SELECT priority AS k, count(*) AS n FROM t GROUP BY 1) s), '[]'),
  'categoryBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n)
                                                ORDER BY n DESC, k)
      FROM (SELECT category AS k, count(*) AS n FROM t GROUP BY 1) s), '[]'),
  'channelBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n)
                                               ORDER BY n DESC, k)
      FROM (SELECT channel AS k, count(*) AS n FROM t GROUP BY 1) s), '[]'),
  'agentStats', (SELECT jsonb_build_object(
      'total', count(*),
      'open', count(*) FILTER (WHERE status NOT IN ('resolved', 'closed')),
      'closed', count(*) FILTER (WHERE status = 'closed'),
      'resolved', count(*) FILTER (WHERE resolved_at IS NOT NULL),
      'avgResponseTime', coalesce(round(avg(extract(epoch FROM first_response_at - created_at))
                                        / 60), 0)::bigint,
      'avgResolutionTime', coalesce(round(avg(extract(epoch FROM resolved_at - created_at))
                                          / 60), 0)::bigint,
      'satisfactionRating', (SELECT round(coalesce(avg(s.rating), 0), 1)::text
                             FROM surveys s JOIN t ON t.id = s.ticket_id
                             WHERE s.answered_at IS NOT NULL),
      'ratingCount', (SELECT count(*) FROM surveys s JOIN t ON t.id = s.ticket_id
                      WHERE s.answered_at IS NOT NULL),
      'slaCompliance', to_char(coalesce(100.0 * count(*) FILTER (WHERE sla_met)
                               / nullif(count(*) FILTER (WHERE sla_met IS NOT NULL), 0), 0),
                               (SELECT fmt FROM pct)))
    FROM t),
  'dailyTrend', coalesce((SELECT jsonb_agg(jsonb_build_object(
        'date', d, 'created', coalesce(c.n, 0), 'resolved', coalesce(r.n, 0)) ORDER BY d)
      FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n FROM t GROUP BY 1) c
      FULL JOIN (SELECT (resolved_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n FROM t
                 WHERE resolved_at IS NOT NULL GROUP BY 1) r USING (d)), '[]'),
  -- Resolved with at most one public reply and never reopened.
  'firstContactResolution', to_char(coalesce(100.0 * (SELECT count(*) FROM t
        WHERE t.resolved_at IS NOT NULL
          AND (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id
               AND m.direction = 'outbound' AND NOT m.is_internal) <= 1
          AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.ticket_id = t.id
               AND e.event = 'status.changed' AND e.new_value = '"reopened"'))
      / nullif((SELECT count(*) FROM t WHERE t.resolved_at IS NOT NULL), 0), 0),
      (SELECT fmt FROM pct)),
  'escalationRate', to_char(coalesce(100.0 * (SELECT count(*) FROM t WHERE escalation_level > 0)
      / nullif((SELECT count(*) FROM t), 0), 0), (SELECT fmt FROM pct)),
  'reopenRate', to_char(coalesce(100.0 * (SELECT count(*) FROM t WHERE EXISTS (
        SELECT 1 FROM audit_events e WHERE e.ticket_id = t.id AND e.event = 'status.changed'
          AND e.new_value = '"reopened"'))
      / nullif((SELECT count(*) FROM t), 0), 0), (SELECT fmt FROM pct))
)::text
)SQL";

}  // namespace

Answer stats(Call& call) {
  FD_TRY(const auto from, query_time(call, "startDate", false));
  FD_TRY(const auto to, query_time(call, "endDate", true));
  std::optional<std::int64_t> agent;
  FD_TRY(const auto a, query(call, "agentId"));
  if (a) {
    agent = parse_id(*a);
    if (!agent) return bad_query("agentId must be an agent id");
  }
  auto rows = call.db.exec(kStatsSql, from, to, agent);
  Reply r;
  auto value = json::parse(rows.text(0, 0));
  r.body = std::move(value.as_object());
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
