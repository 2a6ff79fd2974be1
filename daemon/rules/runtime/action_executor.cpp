#include "rules/runtime/action_executor.hpp"

#include "core/status.hpp"
#include "rules/runtime/assignment.hpp"
#include "rules/runtime/outbound.hpp"
#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace frontdesk::rules::runtime {

namespace {

namespace json = boost::json;

// Updates one text column of the ticket and records ticket.updated.
void set_field(ActionContext& ctx, const char* column, std::string& current, const std::string& value) {
  if (current == value) return;
  ctx.db.exec(std::string("UPDATE tickets SET ") + column + " = $2, updated_at = $3 WHERE id = $1", ctx.ticket.id,
              value, timestamp(ctx.now_ms));
  audit(ctx, "ticket.updated", {{"field", column}, {"value", current}}, {{"field", column}, {"value", value}},
        {{"field", column}});
  current = value;
}

json::array tags_json(const std::vector<std::string>& tags) {
  json::array out;
  for (const auto& t : tags) out.emplace_back(t);
  return out;
}

void write_tags(ActionContext& ctx, const std::vector<std::string>& before) {
  const auto after = tags_json(ctx.ticket.tags);
  ctx.db.exec("UPDATE tickets SET tags = ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), updated_at = $3 "
              "WHERE id = $1",
              ctx.ticket.id, json::serialize(after), timestamp(ctx.now_ms));
  audit(ctx, "ticket.updated", {{"field", "tags"}, {"value", tags_json(before)}}, {{"field", "tags"}, {"value", after}},
        {{"field", "tags"}});
}

// Moves the ticket to `to` if the status machine allows; extra SQL assignments may ride along.
bool change_status(ActionContext& ctx, core::Status to, const std::string& extra_sql = {},
                   const std::optional<std::string>& p4 = std::nullopt,
                   const std::optional<std::string>& p5 = std::nullopt) {
  auto& t = ctx.ticket;
  const auto from = core::parse_status(t.status);
  if (!from) return false;
  const auto checked = core::check_transition(*from, to);
  if (!checked) {
    spdlog::info("rule '{}' on {}: {}", ctx.rule.name, t.number, checked.error().message);
    return false;
  }
  const std::string to_name(core::to_string(to));
  if (extra_sql.empty()) {
    ctx.db.exec("UPDATE tickets SET status = $2, updated_at = $3 WHERE id = $1", t.id, to_name, timestamp(ctx.now_ms));
  } else {
    ctx.db.exec("UPDATE tickets SET status = $2, updated_at = $3" + extra_sql + " WHERE id = $1", t.id, to_name,
                timestamp(ctx.now_ms), p4, p5);
  }
  audit(ctx, "status.changed", json::string(t.status), json::string(to_name));
  t.status = to_name;
  return true;
}

void note(ActionContext& ctx, const std::string& text) {
  const auto body = expand_tokens(text, [&ctx](std::string_view token) { return token_value(ctx, token); });
  const auto r = ctx.db.exec(
      "INSERT INTO messages (ticket_id, direction, author_kind, channel, is_internal, body, metadata, created_at) "
      "VALUES ($1, 'outbound', 'system', $2, true, $3, jsonb_build_object('rule', $4::text), $5) RETURNING id",
      ctx.ticket.id, ctx.ticket.channel, body, ctx.rule.name, timestamp(ctx.now_ms));
  audit(ctx, "note.added", nullptr, {{"messageId", r.get<std::int64_t>(0, 0)}});
}

void escalate(ActionContext& ctx, const Action& a) {
  auto& t = ctx.ticket;
  const int level = t.escalation_level + 1;
  std::optional<std::int64_t> team;
  if (!a.team.empty()) {
    const auto r = ctx.db.exec("SELECT id FROM teams WHERE name = $1", a.team);
    if (r.empty()) {
      spdlog::warn("rule '{}' on {}: escalate: no team named '{}'", ctx.rule.name, t.number, a.team);
    } else {
      team = r.get<std::int64_t>(0, 0);
    }
  }
  ctx.db.exec("UPDATE tickets SET escalation_level = $2, team_id = coalesce($3, team_id), updated_at = $4 WHERE id = $1",
              t.id, level, team, timestamp(ctx.now_ms));
  audit(ctx, "ticket.updated", {{"field", "escalation_level"}, {"value", t.escalation_level}},
        {{"field", "escalation_level"}, {"value", level}}, {{"field", "escalation_level"}, {"reason", a.value}});
  t.escalation_level = level;
  if (team) t.team_id = team;
  if (t.status != "escalated") change_status(ctx, core::Status::escalated);
  if (!a.agent.empty() || !a.team.empty()) {
    Action pick;
    pick.kind = ActionKind::assign;
    pick.agent = a.agent;
    pick.team = a.agent.empty() ? a.team : std::string();
    pick.strategy = a.agent.empty() ? Strategy::least_loaded : Strategy::direct;
    if (const auto agent = choose_agent(ctx, pick)) assign_to(ctx, *agent);
  }
}

void close(ActionContext& ctx, const Action& a) {
  change_status(ctx, core::Status::closed, ", resolution_type = $4, resolution_summary = coalesce($5, resolution_summary), closed_at = $3",
                a.value, a.summary.empty() ? std::nullopt : std::optional(a.summary));
}

// This ticket is the newer duplicate: its messages and thread keys move to the oldest open
// ticket of the same customer with the same subject (ignoring Re:/Fwd: and case) created
// within the window before it, and it closes as a duplicate.
void merge_duplicates(ActionContext& ctx, const Action& a) {
  auto& t = ctx.ticket;
  const auto target = ctx.db.exec(R"(
      SELECT o.id, o.number FROM tickets o, tickets t
      WHERE t.id = $1 AND o.customer_id = t.customer_id AND o.id <> t.id AND o.status <> 'closed'
        AND o.merged_into IS NULL AND o.created_at <= t.created_at
        AND o.created_at >= t.created_at - make_interval(secs => $2)
        AND lower(btrim(regexp_replace(o.subject, '^((re|fwd?|aw)\s*:\s*)+', '', 'i')))
          = lower(btrim(regexp_replace(t.subject, '^((re|fwd?|aw)\s*:\s*)+', '', 'i')))
      ORDER BY o.created_at, o.id LIMIT 1 FOR UPDATE OF o)",
                                  t.id, static_cast<double>(a.millis) / 1000.0);
  if (target.empty()) return;
  const auto into = target.get<std::int64_t>(0, 0);
  ctx.db.exec("UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1", t.id, into);
  ctx.db.exec("UPDATE ticket_threads SET ticket_id = $2 WHERE ticket_id = $1", t.id, into);
  ctx.db.exec("UPDATE tickets SET merged_into = $2, last_activity_at = $3 WHERE id = $1", t.id, into,
              timestamp(ctx.now_ms));
  audit(ctx, "ticket.merged", nullptr, {{"mergedInto", into}, {"number", target.get<std::string>(0, 1)}});
  Action closing;
  closing.value = "duplicate";
  close(ctx, closing);
}

}  // namespace

void apply_action(ActionContext& ctx, const Action& a) {
  auto& t = ctx.ticket;
  switch (a.kind) {
    case ActionKind::assign: {
      // Strategies hand out unassigned tickets; moving a ticket that has an agent takes a
      // named agent (or escalate).
      if (t.status == "closed" || t.status == "resolved") return;
      if (t.assigned_to && a.strategy != Strategy::direct) return;
      if (const auto agent = choose_agent(ctx, a)) {
        assign_to(ctx, *agent);
      } else {
        spdlog::info("rule '{}': no available agent for {} ({}); it waits in the queue", ctx.rule.name, t.number,
                     a.describe());
      }
      break;
    }
    case ActionKind::set_priority: set_field(ctx, "priority", t.priority, a.value); break;
    case ActionKind::set_category: set_field(ctx, "category", t.category, a.value); break;
    case ActionKind::add_tag: {
      if (std::find(t.tags.begin(), t.tags.end(), a.value) != t.tags.end()) return;
      const auto before = t.tags;
      t.tags.push_back(a.value);
      write_tags(ctx, before);
      break;
    }
    case ActionKind::remove_tag: {
      const auto it = std::find(t.tags.begin(), t.tags.end(), a.value);
      if (it == t.tags.end()) return;
      const auto before = t.tags;
      t.tags.erase(it);
      write_tags(ctx, before);
      break;
    }
    case ActionKind::set_status:
      if (t.status != a.value) change_status(ctx, *core::parse_status(a.value));
      break;
    case ActionKind::escalate: escalate(ctx, a); break;
    case ActionKind::reply: queue_reply(ctx, a); break;
    case ActionKind::note: note(ctx, a.value); break;
    case ActionKind::notify: queue_notify(ctx, a); break;
    case ActionKind::close: close(ctx, a); break;
    case ActionKind::send_survey: queue_survey(ctx, a); break;
    case ActionKind::merge_duplicates: merge_duplicates(ctx, a); break;
    case ActionKind::stop: break;
  }
  refresh_facts(t, ctx.facts);
}

}  // namespace frontdesk::rules::runtime
