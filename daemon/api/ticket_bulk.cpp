// Merging duplicates and bulk changes: each runs in the request's one transaction, so a
// failure on any ticket leaves every ticket as it was.
#include "api/api_error.hpp"
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/ticket_actions.hpp"
#include "storage/connection.hpp"

#include <boost/json/value.hpp>

#include <algorithm>

namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

Reply merge(Call& call) {
  JsonBody body(call.request.body, {"into", "targetId"});
  auto target_ref = body.string("into", 64);
  if (!target_ref) {
    if (auto id = body.id("targetId")) target_ref = std::to_string(*id);
  }
  if (!target_ref) invalid("into (the ticket to merge into) is required");
  // Lock in id order so two merges of the same pair cannot deadlock.
  auto duplicate = find_ticket(call, call.param(0), false);
  auto target = find_ticket(call, *target_ref, false);
  if (duplicate.id == target.id) invalid("a ticket cannot be merged into itself");
  for (auto id : {std::min(duplicate.id, target.id), std::max(duplicate.id, target.id)}) {
    call.db.exec("SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE", id);
  }
  duplicate = find_ticket(call, call.param(0), false);
  target = find_ticket(call, *target_ref, false);
  require_workable(call, duplicate);
  require_workable(call, target);
  if (target.status == core::Status::closed) conflict("ticket " + target.number + " is closed");
  if (duplicate.customer_id != target.customer_id) {
    conflict("tickets of different customers cannot be merged");
  }
  auto moved = call.db.exec("UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1",
                            duplicate.id, target.id);
  call.db.exec("UPDATE ticket_threads SET ticket_id = $2 WHERE ticket_id = $1", duplicate.id,
               target.id);
  call.db.exec(
      "UPDATE tickets SET tags = ARRAY(SELECT DISTINCT unnest(tags || "
      "(SELECT tags FROM tickets WHERE id = $1))), updated_at = now(), last_activity_at = now() "
      "WHERE id = $2",
      duplicate.id, target.id);
  call.db.exec(
      "UPDATE tickets SET merged_into = $2, resolution_type = 'duplicate', "
      "resolution_summary = 'Merged into ' || (SELECT number FROM tickets WHERE id = $2) "
      "WHERE id = $1",
      duplicate.id, target.id);
  field_updated(call, duplicate, "mergedInto", nullptr, target.id);
  change_status(call, duplicate, core::Status::closed,
                json::object{{"resolutionType", "duplicate"}, {"mergedInto", target.number}});
  audit(call, target.id, "ticket.updated", nullptr, nullptr,
        json::object{{"field", "merged"},
                     {"from", duplicate.number},
                     {"messagesMoved", moved.affected_rows()}});
  Reply r;
  r.body["ticket"] = ticket_json(call, target.id, false);
  r.body["merged"] = ticket_json(call, duplicate.id, false);
  r.body["messagesMoved"] = moved.affected_rows();
  return r;
}

Reply bulk(Call& call) {
  JsonBody body(call.request.body,
                {"ids", "action", "agentId", "priority", "resolutionType", "summary",
                 "resolutionNotes"});
  const auto ids = body.strings("ids", 500, 64);
  if (!ids || ids->empty()) invalid("ids must list 1 to 500 tickets");
  const auto action = body.required_string("action", 32);
  std::optional<std::int64_t> agent;
  std::optional<std::string> priority;
  Closing closing;
  if (action == "assign") {
    agent = body.id("agentId");
    if (!agent) {
      if (call.principal.agent_id == 0) invalid("agentId is required");
      agent = call.principal.agent_id;
    }
  } else if (action == "priority") {
    auto p = body.enumeration<core::Priority>("priority");
    if (!p) invalid("priority is required");
    priority = std::string(core::to_string(*p));
  } else if (action == "close") {
    closing.resolution_type = std::string(core::to_string(
        body.enumeration<core::ResolutionType>("resolutionType").value_or(
            core::ResolutionType::solved)));
    closing.summary = body.string("summary", 10000);
    closing.notes = body.string("resolutionNotes", 10000);
  } else {
    invalid("action must be one of assign, close, priority");
  }
  // Sorted by id so concurrent bulk calls lock in the same order.
  std::vector<TicketRow> tickets;
  for (const auto& ref : *ids) tickets.push_back(find_ticket(call, ref, false));
  std::sort(tickets.begin(), tickets.end(),
            [](const TicketRow& a, const TicketRow& b) { return a.id < b.id; });
  tickets.erase(std::unique(tickets.begin(), tickets.end(),
                            [](const TicketRow& a, const TicketRow& b) { return a.id == b.id; }),
                tickets.end());
  json::array updated;
  for (auto& stale : tickets) {
    auto ticket = find_ticket(call, std::to_string(stale.id), true);
    try {
      if (agent) assign_ticket(call, ticket, *agent);
      if (priority) set_priority(call, ticket, *priority);
      if (action == "close") close_ticket(call, ticket, closing);
    } catch (const ApiError& e) {
      throw ApiError(e.status, e.code, "ticket " + ticket.number + ": " + e.what());
    }
    updated.push_back(json::string(ticket.number));
  }
  Reply r;
  r.body["updated"] = updated.size();
  r.body["tickets"] = std::move(updated);
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
