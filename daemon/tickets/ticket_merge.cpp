// SPDX-License-Identifier: Apache-2.0
// Merge, unmerge and split: messages change tickets, and each move is recorded so that it
// can be undone.
#include "tickets/ticket_writer.hpp"

#include "core/ticket_number.hpp"
#include "storage/array_literal.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

namespace frontdesk::tickets {

namespace json = boost::json;

namespace {

std::vector<std::string> without(const std::vector<std::string>& tags, const std::vector<std::string>& removed) {
  std::vector<std::string> out;
  for (const auto& t : tags) {
    if (std::find(removed.begin(), removed.end(), t) == removed.end()) out.push_back(t);
  }
  return out;
}

}  // namespace

Outcome<std::int64_t> TicketWriter::merge(Ticket& duplicate, Ticket& survivor) {
  if (duplicate.id == survivor.id) return refuse(Refusal::Kind::invalid, "a ticket cannot be merged into itself");
  if (duplicate.merged_into) {
    return refuse(Refusal::Kind::conflict, "ticket " + duplicate.number + " is already merged into another ticket");
  }
  if (survivor.merged_into) {
    return refuse(Refusal::Kind::conflict, "ticket " + survivor.number + " was merged into another ticket");
  }
  if (survivor.status == core::Status::closed) {
    return refuse(Refusal::Kind::conflict, "ticket " + survivor.number + " is closed");
  }
  if (duplicate.customer_id != survivor.customer_id) {
    return refuse(Refusal::Kind::conflict, "tickets of different customers cannot be merged");
  }
  const auto moved = db_.exec(
      "WITH m AS (UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id) "
      "SELECT coalesce(array_agg(id ORDER BY id), '{}')::text, count(*) FROM m",
      duplicate.id, survivor.id);
  const auto keys = db_.exec(
      "WITH k AS (UPDATE ticket_threads SET ticket_id = $2 WHERE ticket_id = $1 RETURNING channel, thread_key) "
      "SELECT coalesce(jsonb_agg(jsonb_build_object('channel', channel, 'key', thread_key)), '[]')::text FROM k",
      duplicate.id, survivor.id);
  std::vector<std::string> added;
  for (const auto& tag : duplicate.tags) {
    if (std::find(survivor.tags.begin(), survivor.tags.end(), tag) == survivor.tags.end()) added.push_back(tag);
  }
  if (!added.empty()) {
    auto tags = survivor.tags;
    tags.insert(tags.end(), added.begin(), added.end());
    set_tags(survivor, std::move(tags));
  }
  storage::ArrayLiteral added_tags;
  for (const auto& tag : added) added_tags.add(tag);
  const auto merge_id = db_.exec(
      "INSERT INTO ticket_merges (duplicate_id, survivor_id, message_ids, thread_keys, tags_added, "
      "resolution_before, merged_at) SELECT $1, $2, $3::bigint[], $4::jsonb, $5::text[], "
      "jsonb_build_object('type', t.resolution_type, 'summary', t.resolution_summary), coalesce($6::timestamptz, now()) "
      "FROM tickets t WHERE t.id = $1 RETURNING id",
      duplicate.id, survivor.id, moved.text(0, 0), keys.text(0, 0), added_tags.text(), at())
                            .get<std::int64_t>(0, 0);
  db_.exec("UPDATE tickets SET merged_into = $2, resolution_type = 'duplicate', "
           "resolution_summary = 'Merged into ' || $3::text WHERE id = $1",
           duplicate.id, survivor.id, survivor.number);
  db_.exec("UPDATE tickets SET updated_at = n.at, last_activity_at = n.at "
           "FROM (SELECT coalesce($2::timestamptz, now()) AS at) n WHERE id = $1",
           survivor.id, at());
  duplicate.merged_into = survivor.id;
  audit(duplicate.id, "ticket.merged", nullptr, json::object{{"into", survivor.id}, {"intoNumber", survivor.number}},
        json::object{{"mergeId", merge_id}, {"messagesMoved", moved.get<std::int64_t>(0, 1)}});
  if (duplicate.status != core::Status::closed) {
    auto closed = set_status(duplicate, core::Status::closed,
                             json::object{{"resolutionType", "duplicate"}, {"mergedInto", survivor.number}});
    if (!closed) return core::Unexpected(closed.error());
  }
  return moved.get<std::int64_t>(0, 1);
}

Outcome<> TicketWriter::unmerge(Ticket& duplicate) {
  const auto merge = db_.exec(
      "SELECT id, survivor_id, message_ids::text, thread_keys::text, array_to_json(tags_added)::text, "
      "resolution_before ->> 'type', resolution_before ->> 'summary' FROM ticket_merges "
      "WHERE duplicate_id = $1 AND unmerged_at IS NULL ORDER BY id DESC LIMIT 1",
      duplicate.id);
  if (merge.empty() || !duplicate.merged_into) {
    return refuse(Refusal::Kind::conflict, "ticket " + duplicate.number + " is not merged into another ticket");
  }
  const auto merge_id = merge.get<std::int64_t>(0, 0);
  auto survivor = lock_ticket(db_, merge.get<std::int64_t>(0, 1));
  if (!survivor) return refuse(Refusal::Kind::conflict, "the ticket " + duplicate.number + " was merged into is gone");
  const auto moved = db_.exec(
      "WITH m AS (UPDATE messages SET ticket_id = $1 WHERE ticket_id = $2 AND id = ANY ($3::bigint[]) RETURNING id) "
      "SELECT count(*) FROM m",
      duplicate.id, survivor->id, merge.text(0, 2));
  db_.exec("UPDATE ticket_threads t SET ticket_id = $1 FROM jsonb_to_recordset($3::jsonb) AS k(channel text, key text) "
           "WHERE t.ticket_id = $2 AND t.channel = k.channel AND t.thread_key = k.key",
           duplicate.id, survivor->id, merge.text(0, 3));
  const auto added = parse_tags(merge.text(0, 4));
  if (!added.empty()) set_tags(*survivor, without(survivor->tags, added));
  db_.exec("UPDATE tickets SET merged_into = NULL, resolution_type = $2, resolution_summary = $3 WHERE id = $1",
           duplicate.id, merge.get_optional<std::string>(0, 5), merge.get_optional<std::string>(0, 6));
  db_.exec("UPDATE ticket_merges SET unmerged_at = coalesce($2::timestamptz, now()) WHERE id = $1", merge_id, at());
  duplicate.merged_into.reset();
  audit(duplicate.id, "ticket.unmerged", json::object{{"into", survivor->id}, {"intoNumber", survivor->number}},
        nullptr, json::object{{"mergeId", merge_id}, {"messagesMoved", moved.get<std::int64_t>(0, 0)}});
  if (duplicate.status == core::Status::closed || duplicate.status == core::Status::resolved) {
    return set_status(duplicate, core::Status::reopened, json::object{{"unmergedFrom", survivor->number}});
  }
  return {};
}

Outcome<Split> TicketWriter::split(Ticket& source, std::span<const std::int64_t> message_ids) {
  const std::set<std::int64_t> wanted(message_ids.begin(), message_ids.end());
  if (wanted.empty()) return refuse(Refusal::Kind::invalid, "messageIds must name at least one message");
  if (wanted.size() > 1000) return refuse(Refusal::Kind::invalid, "messageIds may name at most 1000 messages");
  storage::ArrayLiteral ids;
  for (const auto id : wanted) ids.add(id);
  const auto found = db_.exec(
      "SELECT count(*) FILTER (WHERE id = ANY ($2::bigint[])), count(*) FILTER (WHERE NOT id = ANY ($2::bigint[])), "
      "(array_agg(id ORDER BY id) FILTER (WHERE id = ANY ($2::bigint[])))[1] "
      "FROM messages WHERE ticket_id = $1",
      source.id, ids.text());
  if (static_cast<std::size_t>(found.get<std::int64_t>(0, 0)) != wanted.size()) {
    return refuse(Refusal::Kind::invalid, "messageIds: every message must be one of ticket " + source.number + "'s");
  }
  if (found.get<std::int64_t>(0, 1) == 0) {
    return refuse(Refusal::Kind::invalid, "a split must leave at least one message on ticket " + source.number);
  }
  const auto sequence = db_.exec(
      "SELECT nextval('ticket_number_seq'), floor(extract(epoch FROM coalesce($1::timestamptz, now())))::bigint", at());
  const std::string number =
      core::format_ticket_number(sequence.get<std::int64_t>(0, 1), sequence.get<std::int64_t>(0, 0));
  static const std::string insert =
      "WITH n AS (SELECT coalesce($4::timestamptz, now()) AS at), first AS (SELECT subject, body FROM messages "
      "WHERE id = $3) "
      "INSERT INTO tickets AS t (number, customer_id, channel, subject, description, category, priority, language, "
      "tags, team_id, created_at, updated_at, last_activity_at) "
      "SELECT $2, s.customer_id, s.channel, coalesce(nullif(f.subject, ''), s.subject), f.body, s.category, "
      "s.priority, s.language, s.tags, s.team_id, n.at, n.at, n.at FROM tickets s, first f, n WHERE s.id = $1 "
      "RETURNING " + std::string(kTicketColumns);
  const auto created = db_.exec(insert, source.id, number, found.get<std::int64_t>(0, 2), at());
  Split out{read_ticket(created, 0), found.get<std::int64_t>(0, 0)};
  db_.exec("UPDATE messages SET ticket_id = $2 WHERE id = ANY ($1::bigint[])", ids.text(), out.ticket.id);
  db_.exec("UPDATE tickets SET updated_at = n.at FROM (SELECT coalesce($2::timestamptz, now()) AS at) n WHERE id = $1",
           source.id, at());
  json::array moved(wanted.begin(), wanted.end());
  audit(source.id, "ticket.split", nullptr, json::object{{"ticketId", out.ticket.id}, {"number", out.ticket.number}},
        json::object{{"messageIds", moved}});
  audit(out.ticket.id, "ticket.split", json::object{{"ticketId", source.id}, {"number", source.number}}, nullptr,
        json::object{{"messageIds", std::move(moved)}, {"splitFrom", source.number}});
  return out;
}

}  // namespace frontdesk::tickets
