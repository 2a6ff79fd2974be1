// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/assignment.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"


namespace frontdesk::rules::runtime {

namespace {

// Agents that may take one more ticket; $1 is a team name or NULL for everyone.
constexpr std::string_view kEligible = R"(
    a.availability = 'available' AND a.open_tickets < a.max_concurrent
    AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM team_members m JOIN teams tm ON tm.id = m.team_id
                                      WHERE m.agent_id = a.id AND tm.name = $1)))";

std::optional<std::string> team_of(const Action& a) {
  if (a.team.empty()) return std::nullopt;
  return a.team;
}

std::optional<std::int64_t> first_id(const storage::Result& r) {
  if (r.empty()) return std::nullopt;
  return r.get<std::int64_t>(0, 0);
}

std::optional<std::int64_t> least_loaded(ActionContext& ctx, const Action& a) {
  return first_id(ctx.db.exec("SELECT a.id FROM agents a WHERE" + std::string(kEligible) +
                                  " ORDER BY a.open_tickets, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED",
                              team_of(a)));
}

std::optional<std::int64_t> round_robin(ActionContext& ctx, const Action& a) {
  ctx.db.exec("INSERT INTO rule_round_robin (scope, last_agent_id) VALUES ($1, 0) ON CONFLICT DO NOTHING", a.team);
  const auto last = ctx.db.exec("SELECT last_agent_id FROM rule_round_robin WHERE scope = $1 FOR UPDATE", a.team)
                        .get<std::int64_t>(0, 0);
  const auto chosen = first_id(ctx.db.exec("SELECT a.id FROM agents a WHERE" + std::string(kEligible) +
                                               " ORDER BY a.id <= $2, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED",
                                           team_of(a), last));
  if (chosen) ctx.db.exec("UPDATE rule_round_robin SET last_agent_id = $2 WHERE scope = $1", a.team, *chosen);
  return chosen;
}

std::optional<std::int64_t> skills(ActionContext& ctx, const Action& a) {
  return first_id(ctx.db.exec(
      "SELECT a.id FROM agents a WHERE" + std::string(kEligible) +
          " AND ($2 = ANY (a.specializations) OR a.department = $2)"
          " ORDER BY ($3 = ANY (a.languages)) DESC, ($2 = ANY (a.specializations)) DESC, a.open_tickets, a.id"
          " LIMIT 1 FOR UPDATE OF a SKIP LOCKED",
      team_of(a), ctx.ticket.category, ctx.ticket.customer_language));
}

std::optional<std::int64_t> sticky(ActionContext& ctx, const Action& a) {
  const auto previous = first_id(ctx.db.exec(
      "SELECT a.id FROM tickets t JOIN agents a ON a.id = t.assigned_to"
      " WHERE t.customer_id = $2 AND t.id <> $3 AND" + std::string(kEligible) +
          " ORDER BY t.created_at DESC LIMIT 1 FOR UPDATE OF a SKIP LOCKED",
      team_of(a), ctx.ticket.customer_id, ctx.ticket.id));
  return previous ? previous : least_loaded(ctx, a);
}

std::optional<std::int64_t> direct(ActionContext& ctx, const Action& a) {
  return first_id(ctx.db.exec("SELECT a.id FROM agents a WHERE a.email = $2 AND" + std::string(kEligible) +
                                  " FOR UPDATE OF a SKIP LOCKED",
                              std::optional<std::string>(), a.agent));
}

}  // namespace

std::optional<std::int64_t> choose_agent(ActionContext& ctx, const Action& a) {
  switch (a.strategy) {
    case Strategy::direct: return direct(ctx, a);
    case Strategy::round_robin: return round_robin(ctx, a);
    case Strategy::least_loaded: return least_loaded(ctx, a);
    case Strategy::skills: return skills(ctx, a);
    case Strategy::sticky: return sticky(ctx, a);
  }
  return std::nullopt;
}

int hand_out_queue(storage::Connection& db, std::int64_t agent, int depth, std::int64_t now_ms) {
  const auto room = db.exec(
      "SELECT max_concurrent - open_tickets FROM agents WHERE id = $1 AND availability = 'available' FOR UPDATE", agent);
  if (room.empty() || room.get<std::int32_t>(0, 0) <= 0) return 0;
  static const std::string queued_sql = "SELECT " + std::string(tickets::kTicketColumns) + R"( FROM tickets t
      WHERE t.assigned_to IS NULL AND t.status NOT IN ('resolved', 'closed')
        AND (t.team_id IS NULL OR t.team_id IN (SELECT team_id FROM team_members WHERE agent_id = $1))
      ORDER BY CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
               t.created_at
      LIMIT $2 FOR UPDATE OF t SKIP LOCKED)";
  const auto queued = db.exec(queued_sql, agent, room.get<std::int32_t>(0, 0));
  tickets::TicketWriter writer(db, tickets::Actor::system(depth), timestamp(now_ms));
  int handed = 0;
  for (int i = 0; i < queued.rows(); ++i) {
    auto ticket = tickets::read_ticket(queued, i);
    if (writer.assign(ticket, agent)) ++handed;
  }
  return handed;
}

}  // namespace frontdesk::rules::runtime
