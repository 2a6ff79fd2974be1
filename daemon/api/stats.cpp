// SPDX-License-Identifier: Apache-2.0
// GET /stats and GET /stats/tickets: one query layer (DESIGN.md "Analytics", "Stats"). The
// tickets of the period (created in it, optionally assigned to one agent) are one CTE that
// also decides, per ticket, what each figure counts it as (reopened, escalated, resolved at
// first contact, its first-response and resolution times in business seconds of its SLA
// calendar); /stats aggregates it, /stats/tickets lists the tickets behind one figure and key,
// so a figure and its drill-down cannot disagree. Both export CSV (Accept: text/csv or
// ?format=csv).
//
// Seed 003's breakdowns and agentStats keep their shapes (percentages as text); the second
// wave's figures are numbers, rates from 0 to 1.
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>

namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

namespace {

// $1 start, $2 end, $3 agent (each may be NULL).
constexpr std::string_view kPeriod = R"SQL(
t AS MATERIALIZED (
  SELECT t.id, t.number, t.subject, t.status, t.priority, t.category, t.channel, t.created_at,
         t.first_response_at, t.resolved_at, t.escalation_level, (fd_ticket_sla(t, now())).met AS sla_met,
         CASE WHEN t.first_response_at IS NOT NULL
              THEN fd_sla_business_seconds(s.calendar, t.created_at, t.first_response_at) END AS frt,
         CASE WHEN t.resolved_at IS NOT NULL
              THEN fd_sla_business_seconds(s.calendar, t.created_at, t.resolved_at) END AS rt,
         EXISTS (SELECT 1 FROM audit_events e WHERE e.ticket_id = t.id AND e.event = 'status.changed'
                   AND e.new_value = '"reopened"') AS reopened,
         (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id AND m.direction = 'outbound'
            AND NOT m.is_internal) AS public_replies,
         (SELECT max(v.rating) FROM surveys v WHERE v.ticket_id = t.id AND v.answered_at IS NOT NULL) AS rating
  FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
  WHERE ($1::timestamptz IS NULL OR t.created_at >= $1)
    AND ($2::timestamptz IS NULL OR t.created_at < $2)
    AND ($3::bigint IS NULL OR t.assigned_to = $3)
),
f AS (SELECT t.*, t.resolved_at IS NOT NULL AND t.public_replies <= 1 AND NOT t.reopened AS fcr FROM t)
)SQL";

constexpr std::string_view kStatsSelect = R"SQL(
, pct AS (SELECT 'FM990.00'::text AS fmt)
SELECT jsonb_build_object(
  'total', (SELECT count(*) FROM f),
  'statusBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n) ORDER BY n DESC, k)
      FROM (SELECT status AS k, count(*) AS n FROM f GROUP BY 1) s), '[]'),
  'priorityBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n) ORDER BY n DESC, k)
      FROM (SELECT priority AS k, count(*) AS n FROM f GROUP BY 1) s), '[]'),
  'categoryBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n) ORDER BY n DESC, k)
      FROM (SELECT category AS k, count(*) AS n FROM f GROUP BY 1) s), '[]'),
  'channelBreakdown', coalesce((SELECT jsonb_agg(jsonb_build_object('_id', k, 'count', n) ORDER BY n DESC, k)
      FROM (SELECT channel AS k, count(*) AS n FROM f GROUP BY 1) s), '[]'),
  'byChannel', coalesce((SELECT jsonb_object_agg(channel, n) FROM (SELECT channel, count(*) AS n FROM f GROUP BY 1) s), '{}'),
  'byCategory', coalesce((SELECT jsonb_object_agg(category, n) FROM (SELECT category, count(*) AS n FROM f GROUP BY 1) s), '{}'),
  'agentStats', (SELECT jsonb_build_object(
      'total', count(*),
      'open', count(*) FILTER (WHERE status NOT IN ('resolved', 'closed')),
      'closed', count(*) FILTER (WHERE status = 'closed'),
      'resolved', count(*) FILTER (WHERE resolved_at IS NOT NULL),
      'avgResponseTime', coalesce(round(avg(extract(epoch FROM first_response_at - created_at)) / 60), 0)::bigint,
      'avgResolutionTime', coalesce(round(avg(extract(epoch FROM resolved_at - created_at)) / 60), 0)::bigint,
      'satisfactionRating', round(coalesce(avg(rating), 0), 1)::text,
      'ratingCount', count(rating),
      'slaCompliance', to_char(coalesce(100.0 * count(*) FILTER (WHERE sla_met)
                               / nullif(count(*) FILTER (WHERE sla_met IS NOT NULL), 0), 0), (SELECT fmt FROM pct)))
    FROM f),
  'firstResponseTime', (SELECT jsonb_build_object('mean', round(avg(frt)), 'p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY frt))::bigint,
                                                  'p90', round(percentile_cont(0.9) WITHIN GROUP (ORDER BY frt))::bigint) FROM f WHERE frt IS NOT NULL),
  'resolutionTime', (SELECT jsonb_build_object('mean', round(avg(rt)), 'p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY rt))::bigint,
                                               'p90', round(percentile_cont(0.9) WITHIN GROUP (ORDER BY rt))::bigint) FROM f WHERE rt IS NOT NULL),
  'csat', (SELECT jsonb_build_object('average', round(avg(rating), 2), 'satisfiedRate', round(avg((rating >= 4)::int), 4),
                                     'responses', count(*)) FROM f WHERE rating IS NOT NULL),
  'dailyTrend', coalesce((SELECT jsonb_agg(jsonb_build_object('date', d, 'created', coalesce(c.n, 0),
        'resolved', coalesce(r.n, 0)) ORDER BY d)
      FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n FROM f GROUP BY 1) c
      FULL JOIN (SELECT (resolved_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n FROM f
                 WHERE resolved_at IS NOT NULL GROUP BY 1) r USING (d)), '[]'),
  'firstContactResolutionRate', (SELECT round(coalesce(avg(fcr::int), 0), 4) FROM f WHERE resolved_at IS NOT NULL),
  'escalationRate', (SELECT round(coalesce(avg((escalation_level > 0)::int), 0), 4) FROM f),
  'reopenRate', (SELECT round(coalesce(avg(reopened::int), 0), 4) FROM f)
)::text
)SQL";

// Each figure's tickets: the predicate over f that a key (the figure's own key, when it has
// keys) selects. A figure here is a /stats field name.
struct Metric {
  std::string_view name;
  std::string_view predicate;  // $4 is the key
  bool keyed;
};

constexpr std::array kMetrics{
    Metric{"total", "true", false},
    Metric{"byChannel", "channel = $4", true},
    Metric{"channelBreakdown", "channel = $4", true},
    Metric{"byCategory", "category = $4", true},
    Metric{"categoryBreakdown", "category = $4", true},
    Metric{"statusBreakdown", "status = $4", true},
    Metric{"priorityBreakdown", "priority = $4", true},
    Metric{"dailyTrend", "(created_at AT TIME ZONE 'UTC')::date::text = $4", true},
    Metric{"firstResponseTime", "frt IS NOT NULL", false},
    Metric{"resolutionTime", "rt IS NOT NULL", false},
    Metric{"csat", "rating IS NOT NULL AND ($4 IS NULL OR rating::text = $4)", false},
    Metric{"firstContactResolutionRate", "fcr", false},
    Metric{"escalationRate", "escalation_level > 0", false},
    Metric{"reopenRate", "reopened", false},
};

struct Period {
  std::optional<std::string> from, to;
  std::optional<std::int64_t> agent;
};

Result<Period> period(const Call& call) {
  Period p;
  FD_TRY(p.from, query_time(call, "startDate", false));
  FD_TRY(p.to, query_time(call, "endDate", true));
  FD_TRY(const auto a, query(call, "agentId"));
  if (a) {
    p.agent = parse_id(*a);
    if (!p.agent) return bad_query("agentId must be an agent id");
  }
  return p;
}

Result<bool> wants_csv(const Call& call) {
  FD_TRY(const auto format, query(call, "format"));
  if (format && *format != "csv" && *format != "json") return bad_query("format must be csv or json");
  if (format) return *format == "csv";
  const auto accept = call.request.header("Accept");
  return accept && accept->find("text/csv") != std::string_view::npos;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string scalar_text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_null()) return "";
  if (v.is_double()) {
    // The shortest text that reads back as the same number ("0.25", not JSON's "2.5E-1").
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v.get_double()).ptr;
    return std::string(buffer, end);
  }
  return json::serialize(v);
}

// /stats as rows of metric,key,value: nested objects and breakdown lists flattened.
std::string stats_csv(const json::object& stats) {
  std::string out = "metric,key,value\r\n";
  const auto row = [&out](std::string_view metric, std::string_view key, const json::value& value) {
    out += csv_field(metric) + "," + csv_field(key) + "," + csv_field(scalar_text(value)) + "\r\n";
  };
  for (const auto& [metric, value] : stats) {
    if (value.is_object()) {
      for (const auto& [key, inner] : value.get_object()) row(metric, key, inner);
    } else if (value.is_array()) {
      for (const auto& item : value.get_array()) {
        const auto& o = item.get_object();
        if (o.contains("_id")) {
          row(metric, scalar_text(o.at("_id")), o.at("count"));
        } else {
          const auto date = scalar_text(o.at("date"));
          row(std::string(metric) + ".created", date, o.at("created"));
          row(std::string(metric) + ".resolved", date, o.at("resolved"));
        }
      }
    } else {
      row(metric, "", value);
    }
  }
  return out;
}

}  // namespace

Answer stats(Call& call) {
  FD_TRY(const auto p, period(call));
  FD_TRY(const bool csv, wants_csv(call));
  auto rows = call.db.exec("WITH " + std::string(kPeriod) + std::string(kStatsSelect), p.from, p.to, p.agent);
  auto value = json::parse(rows.text(0, 0));
  Reply r;
  if (csv) {
    r.content_type = "text/csv; charset=utf-8";
    r.raw_body = stats_csv(value.as_object());
    return r;
  }
  r.body = std::move(value.as_object());
  return r;
}

Answer stats_tickets(Call& call) {
  FD_TRY(const auto p, period(call));
  FD_TRY(const bool csv, wants_csv(call));
  FD_TRY(const auto metric_name, query(call, "metric"));
  FD_TRY(const auto key, query(call, "key"));
  FD_TRY(const auto limit, query_int(call, "limit", 1000, 1, 10000));
  const Metric* metric = nullptr;
  for (const auto& m : kMetrics) {
    if (metric_name && m.name == *metric_name) metric = &m;
  }
  if (!metric) {
    std::string names;
    for (const auto& m : kMetrics) names += (names.empty() ? "" : ", ") + std::string(m.name);
    return bad_query("metric must be one of " + names);
  }
  if (metric->keyed && !key) return bad_query("metric " + std::string(metric->name) + " needs a key");
  auto rows = call.db.exec(
      "WITH " + std::string(kPeriod) +
          // $4 is named in the select list too: a figure without keys leaves it out of its predicate.
          " SELECT id, number, subject, status, priority, category, channel, fd_iso(created_at), frt, rt, rating,"
          " $4::text FROM f WHERE " + std::string(metric->predicate) + " ORDER BY created_at DESC, id DESC LIMIT $5",
      p.from, p.to, p.agent, key, limit);
  Reply r;
  if (csv) {
    r.content_type = "text/csv; charset=utf-8";
    r.raw_body = "id,ticketNumber,subject,status,priority,category,channel,createdAt,firstResponseSeconds,"
                 "resolutionSeconds,rating\r\n";
    for (int i = 0; i < rows.rows(); ++i) {
      for (int c = 0; c < 11; ++c) {
        r.raw_body += (c ? "," : "") + csv_field(rows.is_null(i, c) ? "" : rows.text(i, c));
      }
      r.raw_body += "\r\n";
    }
    return r;
  }
  json::array tickets;
  for (int i = 0; i < rows.rows(); ++i) {
    const auto number_or_null = [&](int c) -> json::value {
      return rows.is_null(i, c) ? json::value(nullptr) : json::value(std::stod(std::string(rows.text(i, c))));
    };
    tickets.push_back({{"id", rows.get<std::int64_t>(i, 0)}, {"ticketNumber", rows.text(i, 1)},
                       {"subject", rows.text(i, 2)}, {"status", rows.text(i, 3)}, {"priority", rows.text(i, 4)},
                       {"category", rows.text(i, 5)}, {"channel", rows.text(i, 6)}, {"createdAt", rows.text(i, 7)},
                       {"firstResponseSeconds", number_or_null(8)}, {"resolutionSeconds", number_or_null(9)},
                       {"rating", number_or_null(10)}});
  }
  r.body["metric"] = metric->name;
  r.body["key"] = key ? json::value(*key) : json::value(nullptr);
  r.body["count"] = tickets.size();
  r.body["tickets"] = std::move(tickets);
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
