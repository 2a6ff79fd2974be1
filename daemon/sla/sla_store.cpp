// SPDX-License-Identifier: Apache-2.0
#include "sla/sla_store.hpp"

#include "tickets/audit.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

#include "sla/ticket_clock.hpp"
#include "sla/timer_plan.hpp"
#include "storage/array_literal.hpp"
#include "storage/connection.hpp"
#include "storage/params.hpp"
#include "storage/pipeline.hpp"
#include "storage/result.hpp"

namespace frontdesk::sla {

namespace {

constexpr auto kRetryFailed = std::chrono::hours(1);

// The pauses are aggregated only for tickets that have waited on the customer: a subquery run
// for every claimed row was about a fifth of the claim's time.
constexpr std::string_view kClaimSql = R"sql(
SELECT s.ticket_id, t.priority, t.category, coalesce(c.tier, 'standard') AS tier,
       fd_sla_us(t.created_at) AS created, fd_sla_us(s.resolution_started_at) AS res_started,
       fd_sla_us(t.first_response_at) AS first_response,
       fd_sla_us(CASE WHEN t.status IN ('resolved', 'closed') THEN t.resolved_at END) AS resolved,
       fd_sla_us(s.paused_since) AS paused_since,
       CASE WHEN NOT isempty(s.pauses) THEN
           (SELECT string_agg(fd_sla_us(lower(r)) || '-' || fd_sla_us(upper(r)), ',' ORDER BY lower(r))
            FROM unnest(s.pauses) AS r) END AS pauses,
       s.first_response_warned, s.first_response_breached, s.resolution_warned, s.resolution_breached,
       s.ctid
FROM ticket_sla s
JOIN tickets t ON t.id = s.ticket_id
LEFT JOIN customers c ON c.id = t.customer_id
WHERE s.next_event_at <= fd_sla_ts($1::bigint)
ORDER BY s.next_event_at
LIMIT $2
FOR UPDATE OF s SKIP LOCKED)sql";

// Writes every claimed row's clocks and flags: $1..$13 the columns, $14 the pass's now. Rows
// are found by the ctid the claim read, a direct heap fetch instead of an index descent per
// row; the row lock the pass holds keeps that address valid until it commits.
constexpr std::string_view kUpdateSql = R"sql(
UPDATE ticket_sla s
SET policy = u.policy, calendar = u.calendar,
    first_response_due = fd_sla_ts(u.frd), first_response_warn_at = fd_sla_ts(u.frw),
    resolution_due = fd_sla_ts(u.rd), resolution_warn_at = fd_sla_ts(u.rw),
    first_response_warned = u.frwd, first_response_breached = u.frb,
    resolution_warned = u.rwd, resolution_breached = u.rb,
    next_event_at = fd_sla_ts(u.next_at), next_event_kind = u.kind, computed_at = fd_sla_ts($14::bigint)
FROM unnest($1::tid[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
            $7::bigint[], $8::boolean[], $9::boolean[], $10::boolean[], $11::boolean[],
            $12::bigint[], $13::text[])
     AS u(row_id, policy, calendar, frd, frw, rd, rw, frwd, frb, rwd, rb, next_at, kind)
WHERE s.ctid = u.row_id)sql";

// The same update and, in the same statement, the events the pass raised ($15..$19), in the
// order it raised them, which is the order the rules engine sees them: one round trip and
// one plan per pass, not per ticket. A pass without events leaves audit_events alone, so
// its insert trigger does not wake the rules engine for nothing.
const std::string& write_with_events_sql() {
  static const std::string sql = "WITH written AS (" + std::string(kUpdateSql) + ")\n" + tickets::record_from(R"sql(
SELECT e.ticket_id, e.event, 'system', NULL::bigint, NULL::text, NULL::jsonb, NULL::jsonb,
       jsonb_build_object('target', e.target, 'due', e.due, 'policy', e.policy), fd_sla_ts($14::bigint)
FROM unnest($15::bigint[], $16::text[], $17::text[], $18::text[], $19::text[]) WITH ORDINALITY
     AS e(ticket_id, event, target, due, policy, n)
ORDER BY e.n)sql");
  return sql;
}


// kClaimSql's columns by position: looking names up per row and column costs more than the
// rest of reading a row.
enum ClaimColumn : int {
  kTicketId, kPriority, kCategory, kTier, kCreated, kResolutionStarted, kFirstResponse, kResolved,
  kPausedSince, kPauses, kFirstResponseWarned, kFirstResponseBreached, kResolutionWarned, kResolutionBreached,
  kRowId,
};

// The pass's transaction, opened and ended in pipelines: rolled back unless it ended.
class PassTransaction {
 public:
  explicit PassTransaction(storage::Connection& conn) noexcept : conn_(conn) {}
  PassTransaction(const PassTransaction&) = delete;
  PassTransaction& operator=(const PassTransaction&) = delete;
  ~PassTransaction() {
    if (!open_ || !conn_.ok()) return;
    try {
      conn_.exec("ROLLBACK");
    } catch (const std::exception& e) {
      spdlog::warn("sla: ROLLBACK failed: {}", e.what());  // the pool resets such a connection
    }
  }
  void ended() noexcept { open_ = false; }

 private:
  storage::Connection& conn_;
  bool open_ = true;
};

// As fd_iso() writes it ("2026-01-05T09:12:00.000Z"). The calendar arithmetic is date's; the
// digits are printed directly, because date::format builds a stream per call and that was a
// fifth of the scheduler's own CPU time in a pass of 1,000 events.
std::string iso_millis(Instant at) {
  const auto ms = date::floor<std::chrono::milliseconds>(at);
  const auto day = date::floor<date::days>(ms);
  const date::year_month_day ymd(day);
  const date::hh_mm_ss<std::chrono::milliseconds> time(ms - day);
  char out[32];
  const int n = std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                              static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                              static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                              static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return std::string(out, static_cast<std::size_t>(n));
}

std::optional<Instant> optional_instant(const storage::Result& r, int row, int col) {
  const auto us = r.get_optional<std::int64_t>(row, col);
  if (!us) return std::nullopt;
  return from_epoch_us(*us);
}

std::int64_t parse_int(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::runtime_error("sla: bad pause bound '" + std::string(text) + "'");
  }
  return v;
}

// "begin-end,begin-end" (microseconds; begins may be negative before 1970, ends are not).
std::vector<Pause> parse_pauses(std::string_view text) {
  std::vector<Pause> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto dash = item.find('-', 1);
    if (dash == std::string_view::npos) throw std::runtime_error("sla: bad pause '" + std::string(item) + "'");
    out.push_back({from_epoch_us(parse_int(item.substr(0, dash))), from_epoch_us(parse_int(item.substr(dash + 1)))});
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

const char* timer_kind(const TicketClock& clock, const SlaFlags& flags, Instant next) {
  const auto kind = [&](const TargetClock& c, const TargetFlags& f, const char* warning,
                        const char* breached) -> const char* {
    if (!c.met_at && !f.warned && !f.breached && c.warn_at == next) return warning;
    if (!c.met_at && !f.breached && c.due == next) return breached;
    return nullptr;
  };
  if (const char* k = kind(clock.first_response, flags.first_response, "first_response.warning",
                           "first_response.breached")) {
    return k;
  }
  if (const char* k = kind(clock.resolution, flags.resolution, "resolution.warning", "resolution.breached")) {
    return k;
  }
  return "recompute";
}

}  // namespace

Instant from_epoch_us(std::int64_t us) noexcept { return Instant(std::chrono::microseconds(us)); }
std::int64_t to_epoch_us(Instant at) noexcept { return at.time_since_epoch().count(); }

// SLA times go into arrays as microseconds since the epoch, absent ones as NULL.
void add_instant(storage::ArrayLiteral& array, const std::optional<Instant>& at) {
  array.add(at ? std::optional(to_epoch_us(*at)) : std::nullopt);
}

PassResult run_pass(storage::Connection& conn, const PolicySet& policies, Instant now, int batch) {
  conn.prepare("sla_claim", kClaimSql);
  conn.prepare("sla_update", kUpdateSql);
  conn.prepare("sla_write", write_with_events_sql());
  // BEGIN goes with the claim and COMMIT with the write: two round trips a pass, as each one
  // waits for the backend to get a core on a busy machine. A failed claim is rolled back by
  // the pipeline itself (the connection was idle before it).
  //
  // The pass commits asynchronously. A server crash may lose a pass that had committed, but
  // then its flags and events are lost together and the timers are still due, so the next
  // pass raises them again: still once. Nothing outside the database learns of an event
  // before a later synchronous commit (an outbox send) has flushed the pass's WAL with its own.
  storage::Pipeline open(conn);
  open.add("BEGIN");
  open.add("SET LOCAL synchronous_commit = off");
  open.add("sla_claim", storage::Params(to_epoch_us(now), batch), true);
  std::vector<storage::PipelineResult> opened = open.run();
  if (!opened[0].ok()) throw opened[0].error();
  if (!opened[1].ok()) throw opened[1].error();
  const storage::Result rows = std::move(opened[2].value());
  PassTransaction tx(conn);
  PassResult result;
  result.claimed = static_cast<std::size_t>(rows.rows());
  if (result.claimed == 0) {
    tx.ended();
    conn.exec("COMMIT");
    return result;
  }
  storage::ArrayLiteral row_ids, policy_names, calendars, frd, frw, rd, rw, frwd, frb, rwd, rb, next_at, kinds;
  storage::ArrayLiteral ev_ids, ev_names, ev_targets, ev_dues, ev_policies;
  for (int row = 0; row < rows.rows(); ++row) {
    TicketFacts facts;
    facts.priority = core::parse_priority(rows.text(row, kPriority)).value_or(core::default_priority);
    facts.category = std::string(rows.text(row, kCategory));
    facts.tier = std::string(rows.text(row, kTier));
    facts.created_at = from_epoch_us(rows.get<std::int64_t>(row, kCreated));
    facts.resolution_started_at = from_epoch_us(rows.get<std::int64_t>(row, kResolutionStarted));
    facts.first_response_at = optional_instant(rows, row, kFirstResponse);
    facts.resolved_at = optional_instant(rows, row, kResolved);
    facts.paused_since = optional_instant(rows, row, kPausedSince);
    facts.pauses = parse_pauses(rows.text(row, kPauses));
    SlaFlags flags;
    flags.first_response = {rows.get<bool>(row, kFirstResponseWarned), rows.get<bool>(row, kFirstResponseBreached)};
    flags.resolution = {rows.get<bool>(row, kResolutionWarned), rows.get<bool>(row, kResolutionBreached)};

    const std::int64_t id = rows.get<std::int64_t>(row, kTicketId);
    TicketClock clock;
    try {
      clock = compute_clock(facts, policies, now);
    } catch (const std::exception& e) {
      // One ticket the calendar cannot serve must not stall every other: look again later.
      spdlog::error("sla: ticket {}: {}; retrying in an hour", id, e.what());
      conn.exec("UPDATE ticket_sla SET next_event_at = fd_sla_ts($2::bigint), next_event_kind = 'recompute' "
                "WHERE ticket_id = $1",
                id, to_epoch_us(now + kRetryFailed));
      continue;
    }
    const TimerPlan plan = plan_timers(clock, flags, now);
    row_ids.add(rows.text(row, kRowId));
    policy_names.add(clock.policy->name);
    calendars.add(clock.policy->calendar->name());
    add_instant(frd, clock.first_response.due);
    add_instant(frw, clock.first_response.warn_at);
    add_instant(rd, clock.resolution.due);
    add_instant(rw, clock.resolution.warn_at);
    frwd.add(plan.flags.first_response.warned);
    frb.add(plan.flags.first_response.breached);
    rwd.add(plan.flags.resolution.warned);
    rb.add(plan.flags.resolution.breached);
    add_instant(next_at, plan.next_check);
    if (plan.next_check) kinds.add(std::string_view(timer_kind(clock, plan.flags, *plan.next_check)));
    else kinds.add_null();
    for (const SlaEvent& e : plan.events) {
      ev_ids.add(id);
      ev_names.add(std::string_view(event_name(e.kind)));
      ev_targets.add(std::string_view(target_name(e.target)));
      // Formatted here rather than per row in SQL.
      ev_dues.add(std::string_view(iso_millis(e.due)));
      ev_policies.add(clock.policy->name);
      ++result.events;
    }
  }
  storage::Params params(row_ids.text(), policy_names.text(), calendars.text(), frd.text(), frw.text(), rd.text(),
                         rw.text(), frwd.text(), frb.text(), rwd.text(), rb.text(), next_at.text(), kinds.text(),
                         to_epoch_us(now));
  if (result.events > 0) {
    params.add(ev_ids.text()).add(ev_names.text()).add(ev_targets.text()).add(ev_dues.text()).add(ev_policies.text());
  }
  storage::Pipeline finish(conn);
  finish.add(result.events == 0 ? "sla_update" : "sla_write", params, true);
  finish.add("COMMIT");
  std::vector<storage::PipelineResult> finished = finish.run();
  // A failed write leaves the transaction aborted and COMMIT unrun: tx rolls it back.
  if (!finished[0].ok()) throw finished[0].error();
  tx.ended();
  // COMMIT of a transaction that failed "succeeds" as a ROLLBACK.
  if (finished[1].value().command_tag() == "ROLLBACK") {
    throw std::runtime_error("sla: the pass was rolled back");
  }
  return result;
}

std::optional<Instant> next_due(storage::Connection& conn) {
  const storage::Result r = conn.exec(
      "SELECT fd_sla_us(greatest(min(next_event_at), timestamptz 'epoch')) FROM ticket_sla "
      "WHERE next_event_at IS NOT NULL");
  const auto us = r.get_optional<std::int64_t>(0, 0);
  if (!us) return std::nullopt;
  return from_epoch_us(*us);
}

void publish_calendars(storage::Connection& conn, const PolicySet& policies) {
  storage::ArrayLiteral names, zones, weeks, holidays;
  std::vector<std::string> seen;
  for (const Policy& p : policies.policies()) {
    const Calendar& c = *p.calendar;
    if (c.always_open() || std::find(seen.begin(), seen.end(), c.name()) != seen.end()) continue;
    seen.push_back(c.name());
    std::string week = "{";
    for (std::size_t d = 0; d < c.week().size(); ++d) {
      if (d > 0) week += ',';
      week += "\"" + std::to_string(d) + "\":[";
      for (std::size_t i = 0; i < c.week()[d].size(); ++i) {
        if (i > 0) week += ',';
        week += "[" + std::to_string(c.week()[d][i].opens) + "," + std::to_string(c.week()[d][i].closes) + "]";
      }
      week += "]";
    }
    week += "}";
    std::string days = "{";
    for (const auto& h : c.holidays()) {
      if (days.size() > 1) days += ',';
      days += date::format("%F", h);
    }
    days += "}";
    names.add(std::string_view(c.name()));
    zones.add(std::string_view(c.zone_name()));
    weeks.add(std::string_view(week));
    holidays.add(std::string_view(days));
  }
  storage::Transaction tx(conn);
  conn.exec(
      "DELETE FROM sla_calendars WHERE name <> ALL ($1::text[])", names.text());
  conn.exec(
      "INSERT INTO sla_calendars (name, time_zone, week, holidays) "
      "SELECT n, z, w::jsonb, h::date[] FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(n, z, w, h) "
      "ON CONFLICT (name) DO UPDATE SET time_zone = EXCLUDED.time_zone, week = EXCLUDED.week, "
      "holidays = EXCLUDED.holidays, updated_at = now()",
      names.text(), zones.text(), weeks.text(), holidays.text());
  tx.commit();
}

}  // namespace frontdesk::sla
