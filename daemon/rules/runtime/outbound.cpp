// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/outbound.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

namespace frontdesk::rules::runtime {

namespace {

constexpr std::string_view kSurveyQuestion =
    "How did we do with {{ticket.number}}? Reply with a number from 1 (poor) to 5 (excellent).";

// The message goes where the ticket domain routes it (web-form tickets: email); nullopt
// when it is not sent (no address, a channel that is off, or automatic mail not answered).
std::optional<std::int64_t> queue_to_customer(ActionContext& ctx, std::string subject, const std::string& body,
                                              boost::json::object metadata) {
  const auto sent = ctx.writer().send_to_customer(ctx.ticket, tickets::Outbound{std::move(subject), body,
                                                                                std::move(metadata), false, {}});
  if (!sent) {
    spdlog::info("rule '{}': reply on ticket {} not sent: {}", ctx.rule.name, ctx.ticket.number, sent.error().message);
    return std::nullopt;
  }
  if (sent->error) {
    spdlog::warn("rule '{}': reply on ticket {} not sent: {}", ctx.rule.name, ctx.ticket.number, *sent->error);
    return std::nullopt;
  }
  return sent->message_id;
}

std::function<std::string(std::string_view)> lookup_for(ActionContext& ctx) {
  return [&ctx](std::string_view token) { return token_value(ctx, token); };
}

}  // namespace

std::string token_value(ActionContext& ctx, std::string_view token) {
  if (token.rfind("sla.", 0) == 0) {
    // The due times as the SLA scheduler last computed them (what fd_ticket_sla reports),
    // read straight from the row: a non-inlined SQL function is planned again per call.
    const auto r =
        ctx.db.exec("SELECT fd_iso(resolution_due), fd_iso(first_response_due) FROM ticket_sla WHERE ticket_id = $1",
                    ctx.ticket.id);
    if (r.empty()) return {};
    return std::string(r.text(0, token == "sla.resolution_due" ? 0 : 1));
  }
  const auto field = parse_field(token);
  if (!field) return {};
  const Value& v = ctx.facts[*field];
  return v.is_null() ? std::string() : to_display(v);
}

bool queue_reply(ActionContext& ctx, const Action& action) {
  const auto text = ctx.set.templates().render(action.template_name, {ctx.ticket.language, ctx.ticket.customer_language},
                                               lookup_for(ctx));
  return queue_to_customer(ctx, text.subject.empty() ? ctx.ticket.subject : text.subject, text.body,
                           {{"template", action.template_name}})
      .has_value();
}

void queue_notify(ActionContext& ctx, const Action& action) {
  // Agents (a team, a webhook) read the installation's language: languages.default.
  const auto text = ctx.set.templates().render(action.template_name, {}, lookup_for(ctx));
  const std::string now = timestamp(ctx.now_ms);
  // Notifications about an agent (agent.availability_changed) have no ticket.
  const auto ticket_id = ctx.ticket.id != 0 ? std::optional(ctx.ticket.id) : std::nullopt;
  if (!action.webhook.empty()) {
    boost::json::object payload{{"event", event_name(ctx.rule.event)},
                                {"rule", ctx.rule.name},
                                {"ticket", nullptr},
                                {"subject", text.subject},
                                {"text", text.body}};
    if (ticket_id) {
      payload["ticket"] = {{"id", ctx.ticket.id}, {"number", ctx.ticket.number}, {"status", core::to_string(ctx.ticket.status)},
                           {"priority", ctx.ticket.priority}, {"category", ctx.ticket.category}};
    }
    ctx.db.exec("INSERT INTO outbox (ticket_id, channel, to_kind, to_value, subject, body, metadata, "
                "next_attempt_at) VALUES ($1, 'webhook', 'url', $2, $3, $4, '{\"contentType\": "
                "\"application/json\"}', $5)",
                ticket_id, action.webhook, text.subject, boost::json::serialize(payload), now);
  } else {
    // Agents are notified by email, whatever the ticket's channel.
    const auto sent = ctx.db.exec(
        "INSERT INTO outbox (ticket_id, channel, to_kind, to_value, subject, body, next_attempt_at) "
        "SELECT $1, 'email', 'email', a.email, $4, $5, $6 FROM agents a "
        "WHERE ($2::text IS NOT NULL AND a.email = $2) "
        "   OR ($3::text IS NOT NULL AND a.id IN (SELECT m.agent_id FROM team_members m JOIN teams tm "
        "                                          ON tm.id = m.team_id WHERE tm.name = $3))",
        ticket_id, action.agent.empty() ? std::nullopt : std::optional(action.agent),
        action.team.empty() ? std::nullopt : std::optional(action.team), text.subject, text.body, now);
    if (sent.affected_rows() == 0) {
      spdlog::warn("rule '{}': notify found no agent for {}{}", ctx.rule.name, action.agent, action.team);
      return;
    }
  }
  ctx.writer().audit(ticket_id, "notification.queued", nullptr,
        {{"to", !action.webhook.empty() ? action.webhook : !action.agent.empty() ? action.agent : action.team}},
        {{"template", action.template_name}});
}

bool queue_survey(ActionContext& ctx, const Action& action) {
  const auto survey = ctx.db.exec(
      "INSERT INTO surveys (ticket_id, agent_id, channel, kind, sent_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $5::timestamptz + make_interval(secs => $6)) "
      "ON CONFLICT (ticket_id) DO NOTHING RETURNING id",
      ctx.ticket.id, ctx.ticket.assigned_to, ctx.ticket.channel, action.value, timestamp(ctx.now_ms),
      static_cast<double>(action.millis) / 1000.0);
  if (survey.empty()) return false;
  const auto survey_id = survey.get<std::int64_t>(0, 0);
  const bool custom = ctx.set.templates().has("survey");
  const auto text = custom ? ctx.set.templates().render("survey", {ctx.ticket.language, ctx.ticket.customer_language},
                                                        lookup_for(ctx))
                           : TemplateText{"How did we do?", expand_tokens(kSurveyQuestion, lookup_for(ctx))};
  // Channels render the scale their own way (WhatsApp buttons, email links, SMS digits).
  const auto id = queue_to_customer(
      ctx, text.subject, text.body,
      {{"survey", {{"id", survey_id}, {"kind", action.value}, {"scale", {1, 2, 3, 4, 5}}}}});
  if (!id) {
    ctx.db.exec("DELETE FROM surveys WHERE id = $1", survey_id);
    return false;
  }
  ctx.writer().audit(ctx.ticket.id, "survey.sent", nullptr, boost::json::object{{"surveyId", survey_id}},
                     {{"messageId", *id}});
  return true;
}

}  // namespace frontdesk::rules::runtime
