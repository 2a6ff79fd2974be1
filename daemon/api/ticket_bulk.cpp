// SPDX-License-Identifier: Apache-2.0
// Bulk changes: each runs in the request's one transaction, so a refusal on any ticket leaves
// every ticket as it was.
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/ticket_actions.hpp"
#include "storage/array_literal.hpp"
#include "storage/connection.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <set>

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
  std::vector<std::int64_t> message_ids;  // split: each ticket's own of these move off it
};

Result<BulkChange> read_change(Call& call, const JsonBody& body) {
  BulkChange c;
  FD_TRY(c.action, body.required_string("action", 32));
  if (c.action == "assign") {
    FD_TRY(c.agent, body.id("agentId"));
    if (!c.agent) {
      if (call.principal.agent_id == 0) return invalid("agentId is required");
      c.agent = call.principal.agent_id;
    }
  } else if (c.action == "priority") {
    FD_TRY(const auto p, body.enumeration<core::Priority>("priority"));
    if (!p) return invalid("priority is required");
    c.priority = std::string(core::to_string(*p));
  } else if (c.action == "status") {
    FD_TRY(c.status, body.enumeration<core::Status>("status"));
    if (!c.status) return invalid("status is required");
  } else if (c.action == "close") {
    FD_TRY(const auto type, body.enumeration<core::ResolutionType>("resolutionType"));
    c.closing.resolution = std::string(core::to_string(type.value_or(core::ResolutionType::solved)));
    FD_TRY(c.closing.summary, body.string("summary", 10000));
    FD_TRY(c.closing.notes, body.string("resolutionNotes", 10000));
  } else if (c.action == "merge") {
    FD_TRY(c.into, body.string("into", 64));
    if (!c.into) return invalid("into (the ticket to merge into) is required");
  } else if (c.action == "split") {
    FD_TRY(c.message_ids, split_message_ids(body.raw("messageIds")));
  } else if (c.action != "unmerge") {
    return invalid("action must be one of assign, close, merge, priority, split, status, unmerge");
  }
  return c;
}

// split: the ids of `message_ids` on each ticket of `ticket_ids`; every message must be on one.
Result<std::map<std::int64_t, std::vector<std::int64_t>>> messages_by_ticket(
    Call& call, const std::vector<std::int64_t>& ticket_ids, const std::vector<std::int64_t>& message_ids) {
  storage::ArrayLiteral wanted;
  for (const auto id : message_ids) wanted.add(id);
  auto rows = call.db.exec("SELECT id, ticket_id FROM messages WHERE id = ANY ($1::bigint[]) ORDER BY id",
                           wanted.text());
  std::map<std::int64_t, std::vector<std::int64_t>> out;
  for (const auto id : ticket_ids) out[id];
  std::set<std::int64_t> placed;
  for (int i = 0; i < rows.rows(); ++i) {
    const auto it = out.find(rows.get<std::int64_t>(i, 1));
    if (it == out.end()) continue;
    it->second.push_back(rows.get<std::int64_t>(i, 0));
    placed.insert(rows.get<std::int64_t>(i, 0));
  }
  for (const auto id : message_ids) {
    if (placed.count(id) == 0) {
      return invalid("messageIds: message " + std::to_string(id) + " is on none of the tickets in ids");
    }
  }
  return out;
}

Result<> apply(Call& call, Ticket& ticket, const BulkChange& c) {
  if (c.agent) FD_CHECK(assign_ticket(call, ticket, *c.agent));
  if (c.priority) FD_CHECK(set_priority(call, ticket, *c.priority));
  if (c.action == "close") FD_CHECK(close_ticket(call, ticket, c.closing));
  if (c.status) {
    FD_CHECK(require_workable(call, ticket));
    FD_CHECK(accept(writer_for(call).set_status(ticket, *c.status)));
  }
  if (c.action == "unmerge") {
    FD_CHECK(require_workable(call, ticket));
    FD_CHECK(accept(writer_for(call).unmerge(ticket)));
  }
  return {};
}

// One ticket's change; a split answers the number of the ticket it made.
Result<std::optional<std::string>> change_one(Call& call, std::int64_t id, const BulkChange& change,
                                              const std::vector<std::int64_t>& split_off) {
  if (change.into) {
    FD_CHECK(merge_tickets(call, std::to_string(id), *change.into));
    return std::optional<std::string>();
  }
  FD_TRY(auto ticket, find_ticket(call, std::to_string(id), true));
  if (change.action == "split") {
    FD_TRY(const auto made, split_ticket(call, ticket, split_off));
    return std::optional<std::string>(made.ticket.number);
  }
  FD_CHECK(apply(call, ticket, change));
  return std::optional<std::string>();
}

}  // namespace

Answer bulk(Call& call) {
  FD_TRY(const auto body,
         JsonBody::parse(call.request.body, {"ids", "action", "agentId", "priority", "status", "resolutionType",
                                             "summary", "resolutionNotes", "into", "messageIds"}));
  FD_TRY(const auto ids, body.strings("ids", 500, 64));
  if (!ids || ids->empty()) return invalid("ids must list 1 to 500 tickets");
  FD_TRY(const auto change, read_change(call, body));
  // Sorted by id so concurrent bulk calls lock in the same order.
  std::vector<std::pair<std::int64_t, std::string>> found;
  for (const auto& ref : *ids) {
    FD_TRY(auto t, find_ticket(call, ref, false));
    found.emplace_back(t.id, std::move(t.number));
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::map<std::int64_t, std::vector<std::int64_t>> split_off;
  if (change.action == "split") {
    std::vector<std::int64_t> ticket_ids;
    for (const auto& f : found) ticket_ids.push_back(f.first);
    FD_TRY(split_off, messages_by_ticket(call, ticket_ids, change.message_ids));
  }
  json::array updated;
  json::array created;
  for (const auto& [id, number] : found) {
    auto done = change_one(call, id, change, split_off[id]);
    if (!done) {
      const auto& p = done.error();
      return problem(p.status, p.code, "ticket " + number + ": " + p.message);
    }
    if (*done) created.push_back(json::string(**done));
    updated.push_back(json::string(number));
  }
  Reply r;
  r.body["updated"] = updated.size();
  r.body["tickets"] = std::move(updated);
  if (change.action == "split") r.body["created"] = std::move(created);
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
