// SPDX-License-Identifier: Apache-2.0
#include "api/ticket_actions.hpp"

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

Result<> assign_ticket(Call& call, Ticket& ticket, std::int64_t agent_id) {
  FD_CHECK(require_workable(call, ticket));
  if (call.principal.role == core::Role::agent && agent_id != call.principal.agent_id) {
    return forbidden("agents may assign tickets only to themselves");
  }
  return accept(writer_for(call).assign(ticket, agent_id));
}

Result<> set_priority(Call& call, Ticket& ticket, const std::string& priority) {
  FD_CHECK(require_workable(call, ticket));
  return accept(writer_for(call).set_priority(ticket, priority));
}

Result<> close_ticket(Call& call, Ticket& ticket, const tickets::Closing& closing) {
  FD_CHECK(require_workable(call, ticket));
  return accept(writer_for(call).close(ticket, closing));
}

Result<Merged> merge_tickets(Call& call, std::string_view duplicate_ref,
                             std::string_view survivor_ref) {
  FD_TRY(const auto duplicate, find_ticket(call, duplicate_ref, false));
  FD_TRY(const auto survivor, find_ticket(call, survivor_ref, false));
  if (duplicate.id == survivor.id) return invalid("a ticket cannot be merged into itself");
  auto pair = tickets::lock_pair(call.db, duplicate.id, survivor.id);
  if (!pair) return not_found("ticket");
  FD_CHECK(require_workable(call, pair->first));
  FD_CHECK(require_workable(call, pair->second));
  FD_TRY(const auto moved, accept(writer_for(call).merge(pair->first, pair->second)));
  return Merged{std::move(pair->first), std::move(pair->second), moved};
}

Result<std::vector<std::int64_t>> split_message_ids(const json::value* message_ids) {
  if (message_ids == nullptr || !message_ids->is_array()) {
    return invalid("messageIds must be an array of message ids");
  }
  std::vector<std::int64_t> ids;
  for (const auto& v : message_ids->as_array()) {
    if (!v.is_int64() || v.as_int64() <= 0) return invalid("messageIds must be an array of message ids");
    ids.push_back(v.as_int64());
  }
  return ids;
}

Result<tickets::Split> split_ticket(Call& call, Ticket& ticket,
                                    const std::vector<std::int64_t>& message_ids) {
  FD_CHECK(require_workable(call, ticket));
  return accept(writer_for(call).split(ticket, message_ids));
}

namespace endpoints_impl {

Answer assign(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"agentId"}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(auto agent, body.id("agentId"));
  if (!agent) {
    if (call.principal.agent_id == 0) return invalid("agentId is required");
    agent = call.principal.agent_id;
  }
  FD_CHECK(assign_ticket(call, ticket, *agent));
  return ticket_reply(call, ticket);
}

Answer status(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"status", "notes"}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(const auto to, body.enumeration<core::Status>("status"));
  if (!to) return invalid("status is required");
  FD_TRY(const auto notes, body.string("notes", 10000));
  FD_CHECK(require_workable(call, ticket));
  auto writer = writer_for(call);
  json::object details;
  if (notes) details["notes"] = *notes;
  FD_CHECK(accept(writer.set_status(ticket, *to, std::move(details))));
  if (notes && !notes->empty()) writer.add_note(ticket, *notes);
  return ticket_reply(call, ticket);
}

Answer priority(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"priority"}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(const auto p, body.enumeration<core::Priority>("priority"));
  if (!p) return invalid("priority is required");
  FD_CHECK(set_priority(call, ticket, std::string(core::to_string(*p))));
  return ticket_reply(call, ticket);
}

Answer close(Call& call) {
  FD_TRY(const auto body,
         JsonBody::parse(call.request.body, {"summary", "resolutionType", "resolutionNotes"}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(const auto type, body.enumeration<core::ResolutionType>("resolutionType"));
  FD_TRY(auto summary, body.string("summary", 10000));
  FD_TRY(auto notes, body.string("resolutionNotes", 10000));
  const tickets::Closing closing{
      std::string(core::to_string(type.value_or(core::ResolutionType::solved))),
      std::move(summary), std::move(notes)};
  FD_CHECK(close_ticket(call, ticket, closing));
  return ticket_reply(call, ticket);
}

Answer escalate(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"escalatedTo", "reason"}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(const auto to, body.id("escalatedTo"));
  FD_TRY(const auto reason, body.string("reason", 10000));
  FD_CHECK(require_workable(call, ticket));
  FD_CHECK(accept(writer_for(call).escalate(
      ticket, tickets::Escalation{std::nullopt, to, reason.value_or("")})));
  return ticket_reply(call, ticket);
}

Answer reopen(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"reason"}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(const auto reason, body.string("reason", 10000));
  FD_CHECK(accept(writer_for(call).set_status(
      ticket, core::Status::reopened,
      json::object{{"reason", reason ? json::value(*reason) : json::value(nullptr)}})));
  return ticket_reply(call, ticket);
}

Answer merge(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"into", "targetId"}));
  FD_TRY(auto survivor_ref, body.string("into", 64));
  if (!survivor_ref) {
    FD_TRY(const auto id, body.id("targetId"));
    if (id) survivor_ref = std::to_string(*id);
  }
  if (!survivor_ref) return invalid("into (the ticket to merge into) is required");
  FD_TRY(const auto merged, merge_tickets(call, call.param(0), *survivor_ref));
  Reply r;
  r.body["ticket"] = ticket_json(call, merged.survivor.id, false);
  r.body["merged"] = ticket_json(call, merged.duplicate.id, false);
  r.body["messagesMoved"] = merged.messages_moved;
  return r;
}

Answer unmerge(Call& call) {
  FD_CHECK(JsonBody::parse(call.request.body, {}));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_CHECK(require_workable(call, ticket));
  FD_CHECK(accept(writer_for(call).unmerge(ticket)));
  return ticket_reply(call, ticket);
}

Answer split(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"messageIds"}));
  FD_TRY(const auto ids, split_message_ids(body.raw("messageIds")));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  FD_TRY(const auto made, split_ticket(call, ticket, ids));
  Reply r;
  r.status = 201;
  r.body["ticket"] = ticket_json(call, made.ticket.id, true);
  r.body["source"] = ticket_json(call, ticket.id, false);
  r.body["messagesMoved"] = made.messages_moved;
  return r;
}

}  // namespace endpoints_impl

}  // namespace frontdesk::api
