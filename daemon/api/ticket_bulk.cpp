// Bulk changes: each runs in the request's one transaction, so a refusal on any ticket leaves
// every ticket as it was.
#include "api/api_error.hpp"
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/ticket_actions.hpp"
#include "storage/connection.hpp"

#include <boost/json/value.hpp>

#include <algorithm>

namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

namespace {

// What one bulk call does to each ticket.
struct BulkChange {
  std::string action;
  std::optional<std::int64_t> agent;
  std::optional<std::string> priority;
  std::optional<core::Status> status;
  tickets::Closing closing;
  std::optional<std::string> into;
};

BulkChange read_change(Call& call, const JsonBody& body) {
  BulkChange c;
  c.action = body.required_string("action", 32);
  if (c.action == "assign") {
    c.agent = body.id("agentId");
    if (!c.agent) {
      if (call.principal.agent_id == 0) invalid("agentId is required");
      c.agent = call.principal.agent_id;
    }
  } else if (c.action == "priority") {
    auto p = body.enumeration<core::Priority>("priority");
    if (!p) invalid("priority is required");
    c.priority = std::string(core::to_string(*p));
  } else if (c.action == "status") {
    c.status = body.enumeration<core::Status>("status");
    if (!c.status) invalid("status is required");
  } else if (c.action == "close") {
    c.closing.resolution = std::string(core::to_string(
        body.enumeration<core::ResolutionType>("resolutionType").value_or(core::ResolutionType::solved)));
    c.closing.summary = body.string("summary", 10000);
    c.closing.notes = body.string("resolutionNotes", 10000);
  } else if (c.action == "merge") {
    c.into = body.string("into", 64);
    if (!c.into) invalid("into (the ticket to merge into) is required");
  } else if (c.action != "unmerge") {
    invalid("action must be one of assign, close, merge, priority, status, unmerge");
  }
  return c;
}

void apply(Call& call, Ticket& ticket, const BulkChange& c) {
  if (c.agent) assign_ticket(call, ticket, *c.agent);
  if (c.priority) set_priority(call, ticket, *c.priority);
  if (c.action == "close") close_ticket(call, ticket, c.closing);
  if (c.status) {
    require_workable(call, ticket);
    accept(writer_for(call).set_status(ticket, *c.status));
  }
  if (c.action == "unmerge") {
    require_workable(call, ticket);
    accept(writer_for(call).unmerge(ticket));
  }
}

}  // namespace

Reply bulk(Call& call) {
  JsonBody body(call.request.body, {"ids", "action", "agentId", "priority", "status", "resolutionType", "summary",
                                    "resolutionNotes", "into"});
  const auto ids = body.strings("ids", 500, 64);
  if (!ids || ids->empty()) invalid("ids must list 1 to 500 tickets");
  const auto change = read_change(call, body);
  // Sorted by id so concurrent bulk calls lock in the same order.
  std::vector<std::pair<std::int64_t, std::string>> found;
  for (const auto& ref : *ids) {
    auto t = find_ticket(call, ref, false);
    found.emplace_back(t.id, std::move(t.number));
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  json::array updated;
  for (const auto& [id, number] : found) {
    try {
      if (change.into) {
        merge_tickets(call, std::to_string(id), *change.into);
      } else {
        auto ticket = find_ticket(call, std::to_string(id), true);
        apply(call, ticket, change);
      }
    } catch (const ApiError& e) {
      throw ApiError(e.status, e.code, "ticket " + number + ": " + e.what());
    }
    updated.push_back(json::string(number));
  }
  Reply r;
  r.body["updated"] = updated.size();
  r.body["tickets"] = std::move(updated);
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
