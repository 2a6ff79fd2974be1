#include "api/ticket_actions.hpp"

#include "api/api_error.hpp"
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "storage/connection.hpp"

#include <boost/json/value.hpp>

namespace frontdesk::api {

namespace json = boost::json;

namespace {

Reply ticket_reply(Call& call, const Ticket& ticket) {
  Reply r;
  r.body["ticket"] = ticket_json(call, ticket.id, false);
  return r;
}

}  // namespace

void assign_ticket(Call& call, Ticket& ticket, std::int64_t agent_id) {
  require_workable(call, ticket);
  if (call.principal.role == core::Role::agent && agent_id != call.principal.agent_id) {
    forbidden("agents may assign tickets only to themselves");
  }
  accept(writer_for(call).assign(ticket, agent_id));
}

void set_priority(Call& call, Ticket& ticket, const std::string& priority) {
  require_workable(call, ticket);
  accept(writer_for(call).set_priority(ticket, priority));
}

void close_ticket(Call& call, Ticket& ticket, const tickets::Closing& closing) {
  require_workable(call, ticket);
  accept(writer_for(call).close(ticket, closing));
}

Merged merge_tickets(Call& call, std::string_view duplicate_ref, std::string_view survivor_ref) {
  const auto duplicate_id = find_ticket(call, duplicate_ref, false).id;
  const auto survivor_id = find_ticket(call, survivor_ref, false).id;
  if (duplicate_id == survivor_id) invalid("a ticket cannot be merged into itself");
  auto pair = tickets::lock_pair(call.db, duplicate_id, survivor_id);
  if (!pair) not_found("ticket");
  require_workable(call, pair->first);
  require_workable(call, pair->second);
  const auto moved = accept(writer_for(call).merge(pair->first, pair->second));
  return Merged{std::move(pair->first), std::move(pair->second), moved};
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
  auto writer = writer_for(call);
  json::object details;
  if (notes) details["notes"] = *notes;
  accept(writer.set_status(ticket, *to, std::move(details)));
  if (notes && !notes->empty()) writer.add_note(ticket, *notes);
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
  const tickets::Closing closing{std::string(core::to_string(type.value_or(core::ResolutionType::solved))),
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
  accept(writer_for(call).escalate(ticket, tickets::Escalation{std::nullopt, to, reason.value_or("")}));
  return ticket_reply(call, ticket);
}

Reply reopen(Call& call) {
  JsonBody body(call.request.body, {"reason"});
  auto ticket = find_ticket(call, call.param(0), true);
  const auto reason = body.string("reason", 10000);
  accept(writer_for(call).set_status(
      ticket, core::Status::reopened,
      json::object{{"reason", reason ? json::value(*reason) : json::value(nullptr)}}));
  return ticket_reply(call, ticket);
}

Reply merge(Call& call) {
  JsonBody body(call.request.body, {"into", "targetId"});
  auto survivor_ref = body.string("into", 64);
  if (!survivor_ref) {
    if (auto id = body.id("targetId")) survivor_ref = std::to_string(*id);
  }
  if (!survivor_ref) invalid("into (the ticket to merge into) is required");
  const auto merged = merge_tickets(call, call.param(0), *survivor_ref);
  Reply r;
  r.body["ticket"] = ticket_json(call, merged.survivor.id, false);
  r.body["merged"] = ticket_json(call, merged.duplicate.id, false);
  r.body["messagesMoved"] = merged.messages_moved;
  return r;
}

Reply unmerge(Call& call) {
  JsonBody body(call.request.body, {});
  auto ticket = find_ticket(call, call.param(0), true);
  require_workable(call, ticket);
  accept(writer_for(call).unmerge(ticket));
  return ticket_reply(call, ticket);
}

Reply split(Call& call) {
  JsonBody body(call.request.body, {"messageIds"});
  const auto* raw = body.raw("messageIds");
  if (raw == nullptr || !raw->is_array()) invalid("messageIds must be an array of message ids");
  std::vector<std::int64_t> ids;
  for (const auto& v : raw->as_array()) {
    if (!v.is_int64() || v.as_int64() <= 0) invalid("messageIds must be an array of message ids");
    ids.push_back(v.as_int64());
  }
  auto ticket = find_ticket(call, call.param(0), true);
  require_workable(call, ticket);
  const auto made = accept(writer_for(call).split(ticket, ids));
  Reply r;
  r.status = 201;
  r.body["ticket"] = ticket_json(call, made.ticket.id, true);
  r.body["source"] = ticket_json(call, ticket.id, false);
  r.body["messagesMoved"] = made.messages_moved;
  return r;
}

}  // namespace endpoints_impl

}  // namespace frontdesk::api
