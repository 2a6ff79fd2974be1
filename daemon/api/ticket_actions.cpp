#include "api/ticket_actions.hpp"

#include "api/api_error.hpp"
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "storage/connection.hpp"

#include <boost/json/value.hpp>

namespace frontdesk::api {

namespace json = boost::json;

namespace {

json::value nullable(std::optional<std::int64_t> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// Adds an internal note written by the caller (status notes, escalation reasons).
void add_note(Call& call, const TicketRow& ticket, const std::string& text) {
  call.db.exec(
      "INSERT INTO messages (ticket_id, direction, author_kind, author_id, channel, "
      "is_internal, body) VALUES ($1, 'outbound', $2, $3, $4, true, $5)",
      ticket.id, call.actor_kind(), call.actor_id(), ticket.channel, text);
}

Reply ticket_reply(Call& call, const TicketRow& ticket) {
  Reply r;
  r.body["ticket"] = ticket_json(call, ticket.id, false);
  return r;
}

}  // namespace

void assign_ticket(Call& call, TicketRow& ticket, std::int64_t agent_id) {
  require_workable(call, ticket);
  if (call.principal.role == core::Role::agent && agent_id != call.principal.agent_id) {
    forbidden("agents may assign tickets only to themselves");
  }
  require_agent(call, agent_id, "agentId");
  if (ticket.status == core::Status::closed || ticket.status == core::Status::resolved) {
    conflict("ticket " + ticket.number + " is " + std::string(core::to_string(ticket.status)) +
             "; reopen it first");
  }
  if (ticket.assigned_to != agent_id) {
    call.db.exec("UPDATE tickets SET assigned_to = $2, updated_at = now() WHERE id = $1",
                 ticket.id, agent_id);
    call.db.exec("UPDATE agents SET tickets_handled = tickets_handled + 1 WHERE id = $1",
                 agent_id);
    field_updated(call, ticket, "assignedTo", nullable(ticket.assigned_to), agent_id);
    ticket.assigned_to = agent_id;
  }
  if (ticket.status == core::Status::open || ticket.status == core::Status::reopened ||
      ticket.status == core::Status::escalated) {
    change_status(call, ticket, core::Status::assigned, json::object{{"agentId", agent_id}});
  }
}

void set_priority(Call& call, TicketRow& ticket, const std::string& priority) {
  require_workable(call, ticket);
  if (priority == ticket.priority) return;
  call.db.exec("UPDATE tickets SET priority = $2, updated_at = now() WHERE id = $1", ticket.id,
               priority);
  field_updated(call, ticket, "priority", json::string(ticket.priority), json::string(priority));
  ticket.priority = priority;
}

void close_ticket(Call& call, TicketRow& ticket, const Closing& closing) {
  require_workable(call, ticket);
  call.db.exec(
      "UPDATE tickets SET resolution_type = $2, resolution_summary = $3, resolution_notes = $4 "
      "WHERE id = $1",
      ticket.id, closing.resolution_type, closing.summary, closing.notes);
  change_status(call, ticket, core::Status::closed,
                json::object{{"resolutionType", closing.resolution_type},
                             {"summary", closing.summary ? json::value(*closing.summary)
                                                         : json::value(nullptr)}});
  if (ticket.assigned_to) {
    call.db.exec("UPDATE agents SET tickets_closed = tickets_closed + 1 WHERE id = $1",
                 *ticket.assigned_to);
  }
}

namespace endpoints_impl {

Reply assign(Call& call) {
  JsonBody body(call.request.body, {"agentId"});
  auto ticket = find_ticket(call, call.param(0), true);
  auto agent = body.id("agentId");
  if (!agent) {
    if (call.principal.agent_id == 0) invalid("agentId is required");
    agent = call.principal.agent_id;
  }
  assign_ticket(call, ticket, *agent);
  return ticket_reply(call, ticket);
}

Reply status(Call& call) {
  JsonBody body(call.request.body, {"status", "notes"});
  auto ticket = find_ticket(call, call.param(0), true);
  const auto to = body.enumeration<core::Status>("status");
  if (!to) invalid("status is required");
  const auto notes = body.string("notes", 10000);
  require_workable(call, ticket);
  change_status(call, ticket, *to,
                json::object{{"notes", notes ? json::value(*notes) : json::value(nullptr)}});
  if (notes && !notes->empty()) add_note(call, ticket, *notes);
  return ticket_reply(call, ticket);
}

Reply priority(Call& call) {
  JsonBody body(call.request.body, {"priority"});
  auto ticket = find_ticket(call, call.param(0), true);
  const auto p = body.enumeration<core::Priority>("priority");
  if (!p) invalid("priority is required");
  set_priority(call, ticket, std::string(core::to_string(*p)));
  return ticket_reply(call, ticket);
}

Reply close(Call& call) {
  JsonBody body(call.request.body, {"summary", "resolutionType", "resolutionNotes"});
  auto ticket = find_ticket(call, call.param(0), true);
  const auto type = body.enumeration<core::ResolutionType>("resolutionType");
  Closing closing{std::string(core::to_string(type.value_or(core::ResolutionType::solved))),
                  body.string("summary", 10000), body.string("resolutionNotes", 10000)};
  close_ticket(call, ticket, closing);
  return ticket_reply(call, ticket);
}

Reply escalate(Call& call) {
  JsonBody body(call.request.body, {"escalatedTo", "reason"});
  auto ticket = find_ticket(call, call.param(0), true);
  const auto to = body.id("escalatedTo");
  const auto reason = body.string("reason", 10000);
  require_workable(call, ticket);
  if (to) require_agent(call, *to, "escalatedTo");
  const int level = ticket.escalation_level + 1;
  change_status(call, ticket, core::Status::escalated,
                json::object{{"reason", reason ? json::value(*reason) : json::value(nullptr)},
                             {"escalatedTo", nullable(to)},
                             {"level", level}});
  call.db.exec(
      "UPDATE tickets SET escalation_level = $2, assigned_to = coalesce($3, assigned_to) "
      "WHERE id = $1",
      ticket.id, level, to);
  field_updated(call, ticket, "escalationLevel", ticket.escalation_level, level);
  ticket.escalation_level = level;
  if (to && ticket.assigned_to != to) {
    field_updated(call, ticket, "assignedTo", nullable(ticket.assigned_to), *to);
    ticket.assigned_to = to;
  }
  if (reason && !reason->empty()) add_note(call, ticket, "Escalated: " + *reason);
  return ticket_reply(call, ticket);
}

Reply reopen(Call& call) {
  JsonBody body(call.request.body, {"reason"});
  auto ticket = find_ticket(call, call.param(0), true);
  const auto reason = body.string("reason", 10000);
  change_status(call, ticket, core::Status::reopened,
                json::object{{"reason", reason ? json::value(*reason) : json::value(nullptr)}});
  return ticket_reply(call, ticket);
}

}  // namespace endpoints_impl

}  // namespace frontdesk::api
