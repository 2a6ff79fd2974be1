// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/action_executor.hpp"

#include "core/status.hpp"
#include "rules/runtime/assignment.hpp"
#include "rules/runtime/outbound.hpp"
#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <spdlog/spdlog.h>

namespace frontdesk::rules::runtime {

namespace {

// What the ticket domain refused is the rule's business, not an error: it is logged once
// and the rule's other actions still run.
void note_refusal(const ActionContext& ctx, const Action& a, const tickets::Outcome<>& outcome) {
  if (outcome) return;
  spdlog::info("rule '{}' on {}: {}: {}", ctx.rule.name, ctx.ticket.number, a.describe(), outcome.error().message);
}

std::optional<std::int64_t> team_named(ActionContext& ctx, const std::string& name) {
  if (name.empty()) return std::nullopt;
  const auto r = ctx.db.exec("SELECT id FROM teams WHERE name = $1", name);
  if (r.empty()) {
    spdlog::warn("rule '{}' on {}: no team named '{}'", ctx.rule.name, ctx.ticket.number, name);
    return std::nullopt;
  }
  return r.get<std::int64_t>(0, 0);
}

tickets::Outcome<> escalate(ActionContext& ctx, const Action& a) {
  tickets::Escalation e;
  e.team_id = team_named(ctx, a.team);
  e.reason = a.value;
  if (!a.agent.empty() || !a.team.empty()) {
    Action pick;
    pick.kind = ActionKind::assign;
    pick.agent = a.agent;
    pick.team = a.agent.empty() ? a.team : std::string();
    pick.strategy = a.agent.empty() ? Strategy::least_loaded : Strategy::direct;
    e.agent_id = choose_agent(ctx, pick);
  }
  return ctx.writer().escalate(ctx.ticket, e);
}

// This ticket is the newer duplicate: it merges into the oldest open ticket of the same
// customer created within the window before it whose similarity reaches min_score. Until
// the learning module scores text, a subject that is the same once Re:/Fwd: and case are
// set aside scores 1, anything else 0.
tickets::Outcome<> merge_duplicates(ActionContext& ctx, const Action& a) {
  auto& t = ctx.ticket;
  if (t.merged_into) return {};
  const auto target = ctx.db.exec(R"(
      SELECT o.id FROM tickets o, tickets t
      WHERE t.id = $1 AND o.customer_id = t.customer_id AND o.id <> t.id AND o.status <> 'closed'
        AND o.merged_into IS NULL AND o.created_at <= t.created_at
        AND o.created_at >= t.created_at - make_interval(secs => $2)
        AND (CASE WHEN lower(btrim(regexp_replace(o.subject, '^((re|fwd?|aw)\s*:\s*)+', '', 'i')))
                     = lower(btrim(regexp_replace(t.subject, '^((re|fwd?|aw)\s*:\s*)+', '', 'i')))
                  THEN 1.0 ELSE 0.0 END) >= $3
      ORDER BY o.created_at, o.id LIMIT 1)",
                                  t.id, static_cast<double>(a.millis) / 1000.0, a.min_score);
  if (target.empty()) return {};
  // The duplicate is locked already; the survivor is older, so a lower id in practice, and
  // lock_pair takes both in id order.
  auto pair = tickets::lock_pair(ctx.db, t.id, target.get<std::int64_t>(0, 0));
  if (!pair) return {};
  static_cast<tickets::Ticket&>(t) = pair->first;
  const auto merged = ctx.writer().merge(t, pair->second);
  if (!merged) return core::Unexpected(merged.error());
  return {};
}

}  // namespace

void apply_action(ActionContext& ctx, const Action& a) {
  auto& t = ctx.ticket;
  switch (a.kind) {
    case ActionKind::assign: {
      // Strategies hand out unassigned tickets; moving a ticket that has an agent takes a
      // named agent (or escalate).
      if (t.status == core::Status::closed || t.status == core::Status::resolved) return;
      if (t.assigned_to && a.strategy != Strategy::direct) return;
      if (const auto agent = choose_agent(ctx, a)) {
        note_refusal(ctx, a, ctx.writer().assign(t, *agent));
      } else {
        spdlog::info("rule '{}': no available agent for {} ({}); it waits in the queue", ctx.rule.name, t.number,
                     a.describe());
      }
      break;
    }
    case ActionKind::set_priority: note_refusal(ctx, a, ctx.writer().set_priority(t, a.value)); break;
    case ActionKind::set_category: note_refusal(ctx, a, ctx.writer().set_category(t, a.value)); break;
    case ActionKind::add_tag: ctx.writer().add_tag(t, a.value); break;
    case ActionKind::remove_tag: ctx.writer().remove_tag(t, a.value); break;
    case ActionKind::set_status: {
      const auto to = core::parse_status(a.value);
      if (to && *to != t.status) note_refusal(ctx, a, ctx.writer().set_status(t, *to));
      break;
    }
    case ActionKind::escalate: note_refusal(ctx, a, escalate(ctx, a)); break;
    case ActionKind::reply: queue_reply(ctx, a); break;
    case ActionKind::note:
      ctx.writer().add_note(t, expand_tokens(a.value, [&ctx](std::string_view token) { return token_value(ctx, token); }));
      break;
    case ActionKind::notify: queue_notify(ctx, a); break;
    case ActionKind::close:
      if (t.status != core::Status::closed) {
        note_refusal(ctx, a,
                     ctx.writer().close(t, tickets::Closing{a.value, a.summary.empty() ? std::nullopt
                                                                                      : std::optional(a.summary),
                                                            std::nullopt}));
      }
      break;
    case ActionKind::send_survey: queue_survey(ctx, a); break;
    case ActionKind::merge_duplicates: note_refusal(ctx, a, merge_duplicates(ctx, a)); break;
    case ActionKind::unmerge:
      if (t.merged_into) note_refusal(ctx, a, ctx.writer().unmerge(t));
      break;
    case ActionKind::split:
      if (t.message_id) {
        const std::int64_t moving[] = {*t.message_id};
        const auto split = ctx.writer().split(t, moving);
        if (!split) note_refusal(ctx, a, tickets::Outcome<>(core::Unexpected(split.error())));
      }
      break;
    case ActionKind::link_incident:
      if (const Value& incident = ctx.facts[Field::incident_id]; !incident.is_null()) {
        ctx.writer().link_incident(t, static_cast<std::int64_t>(incident.number));
      }
      break;
    case ActionKind::stop: break;
  }
  refresh_facts(t, ctx.facts);
}

}  // namespace frontdesk::rules::runtime
