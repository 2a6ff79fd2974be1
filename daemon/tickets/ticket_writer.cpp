// SPDX-License-Identifier: Apache-2.0
#include "tickets/ticket_writer.hpp"

#include "core/ticket_enums.hpp"
#include "storage/connection.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace frontdesk::tickets {

namespace json = boost::json;

namespace {

json::value nullable(std::optional<std::int64_t> v) { return v ? json::value(*v) : json::value(nullptr); }

json::array tags_json(const std::vector<std::string>& tags) { return json::array(tags.begin(), tags.end()); }

bool takes_assignment(core::Status s) {
  return s == core::Status::open || s == core::Status::reopened || s == core::Status::escalated;
}

// Every statement reads its time from `$T`, the writer's clock or the transaction's.
constexpr std::string_view kStatusSql = R"sql(
UPDATE tickets t
SET status = $2::text, updated_at = n.at, last_activity_at = n.at,
    resolved_at = CASE $2::text WHEN 'resolved' THEN n.at WHEN 'closed' THEN coalesce(t.resolved_at, n.at)
                                WHEN 'reopened' THEN NULL ELSE t.resolved_at END,
    closed_at = CASE $2::text WHEN 'closed' THEN n.at WHEN 'reopened' THEN NULL ELSE t.closed_at END
FROM (SELECT coalesce($3::timestamptz, now()) AS at) n
WHERE t.id = $1)sql";

}  // namespace

TicketWriter::TicketWriter(storage::Connection& db, Actor actor, std::string at)
    : db_(db), actor_(std::move(actor)), at_(std::move(at)) {}

std::optional<std::string> TicketWriter::at() const {
  return at_.empty() ? std::nullopt : std::optional<std::string>(at_);
}

void TicketWriter::audit(std::optional<std::int64_t> ticket_id, std::string_view event, json::value old_value,
                         json::value new_value, json::object data) {
  record(db_, actor_, at_, AuditEvent{ticket_id, event, std::move(old_value), std::move(new_value), std::move(data)});
}

void TicketWriter::field_changed(const Ticket& t, std::string_view field, json::value old_value,
                                 json::value new_value, json::object data) {
  data["field"] = field;
  audit(t.id, "ticket.updated", json::object{{"field", field}, {"value", std::move(old_value)}},
        json::object{{"field", field}, {"value", std::move(new_value)}}, std::move(data));
}

Outcome<> TicketWriter::set_status(Ticket& t, core::Status to, json::object details) {
  const auto checked = core::check_transition(t.status, to);
  if (!checked) return refuse(Refusal::Kind::transition, checked.error().message);
  const auto to_name = core::to_string(to);
  db_.exec(kStatusSql, t.id, to_name, at());
  if (to == core::Status::closed && t.assigned_to) {
    db_.exec("UPDATE agents SET tickets_closed = tickets_closed + 1 WHERE id = $1", *t.assigned_to);
  }
  audit(t.id, "status.changed", json::string(core::to_string(t.status)), json::string(to_name), std::move(details));
  t.status = to;
  return {};
}

Outcome<> TicketWriter::set_priority(Ticket& t, std::string_view priority) {
  if (!core::parse_priority(priority)) {
    return refuse(Refusal::Kind::invalid, "priority must be one of " + std::string(core::priority_values()));
  }
  if (t.priority == priority) return {};
  db_.exec("UPDATE tickets SET priority = $2::text, updated_at = coalesce($3::timestamptz, now()) WHERE id = $1", t.id,
           priority, at());
  field_changed(t, "priority", json::string(t.priority), json::string(priority));
  t.priority = priority;
  return {};
}

Outcome<> TicketWriter::set_category(Ticket& t, std::string_view category) {
  if (!core::parse_category(category)) {
    return refuse(Refusal::Kind::invalid, "category must be one of " + std::string(core::category_values()));
  }
  if (t.category == category) return {};
  db_.exec("UPDATE tickets SET category = $2::text, updated_at = coalesce($3::timestamptz, now()) WHERE id = $1", t.id,
           category, at());
  field_changed(t, "category", json::string(t.category), json::string(category));
  t.category = category;
  return {};
}

void TicketWriter::set_tags(Ticket& t, std::vector<std::string> tags) {
  std::vector<std::string> unique;
  for (auto& tag : tags) {
    if (std::find(unique.begin(), unique.end(), tag) == unique.end()) unique.push_back(std::move(tag));
  }
  if (unique == t.tags) return;
  const auto after = tags_json(unique);
  db_.exec("UPDATE tickets SET tags = ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), "
           "updated_at = coalesce($3::timestamptz, now()) WHERE id = $1",
           t.id, json::serialize(after), at());
  field_changed(t, "tags", tags_json(t.tags), after);
  t.tags = std::move(unique);
}

void TicketWriter::add_tag(Ticket& t, std::string_view tag) {
  if (std::find(t.tags.begin(), t.tags.end(), tag) != t.tags.end()) return;
  auto tags = t.tags;
  tags.emplace_back(tag);
  set_tags(t, std::move(tags));
}

void TicketWriter::remove_tag(Ticket& t, std::string_view tag) {
  auto tags = t.tags;
  const auto it = std::find(tags.begin(), tags.end(), tag);
  if (it == tags.end()) return;
  tags.erase(it);
  set_tags(t, std::move(tags));
}

Outcome<> TicketWriter::assign(Ticket& t, std::int64_t agent_id) {
  if (t.status == core::Status::closed || t.status == core::Status::resolved) {
    return refuse(Refusal::Kind::conflict,
                  "ticket " + t.number + " is " + std::string(core::to_string(t.status)) + "; reopen it first");
  }
  const bool moves = t.assigned_to != agent_id;
  if (moves) {
    if (db_.exec("UPDATE agents SET tickets_handled = tickets_handled + 1 WHERE id = $1 RETURNING id", agent_id)
            .empty()) {
      return refuse(Refusal::Kind::invalid, "agentId: no agent with id " + std::to_string(agent_id));
    }
  }
  const core::Status to = takes_assignment(t.status) ? core::Status::assigned : t.status;
  if (!moves && to == t.status) return {};
  db_.exec("UPDATE tickets SET assigned_to = $2, status = $3::text, updated_at = n.at, "
           "last_activity_at = CASE WHEN status = $3::text THEN last_activity_at ELSE n.at END "
           "FROM (SELECT coalesce($4::timestamptz, now()) AS at) n WHERE id = $1",
           t.id, agent_id, core::to_string(to), at());
  if (moves) field_changed(t, "assignedTo", nullable(t.assigned_to), agent_id);
  t.assigned_to = agent_id;
  if (to != t.status) {
    audit(t.id, "status.changed", json::string(core::to_string(t.status)), json::string(core::to_string(to)),
          json::object{{"agentId", agent_id}});
    t.status = to;
  }
  return {};
}

Outcome<> TicketWriter::escalate(Ticket& t, const Escalation& e) {
  const bool to_escalated = t.status != core::Status::escalated;
  if (to_escalated) {
    const auto checked = core::check_transition(t.status, core::Status::escalated);
    if (!checked) return refuse(Refusal::Kind::transition, checked.error().message);
  }
  if (e.agent_id && db_.exec("SELECT 1 FROM agents WHERE id = $1", *e.agent_id).empty()) {
    return refuse(Refusal::Kind::invalid, "escalatedTo: no agent with id " + std::to_string(*e.agent_id));
  }
  const int level = t.escalation_level + 1;
  const json::value reason = e.reason.empty() ? json::value(nullptr) : json::value(e.reason);
  db_.exec("UPDATE tickets SET escalation_level = $2, team_id = coalesce($3, team_id), "
           "assigned_to = coalesce($4, assigned_to), updated_at = n.at, last_activity_at = n.at "
           "FROM (SELECT coalesce($5::timestamptz, now()) AS at) n WHERE id = $1",
           t.id, level, e.team_id, e.agent_id, at());
  field_changed(t, "escalationLevel", t.escalation_level, level, json::object{{"reason", reason}});
  t.escalation_level = level;
  if (e.team_id && t.team_id != e.team_id) {
    field_changed(t, "team", nullable(t.team_id), *e.team_id);
    t.team_id = e.team_id;
  }
  if (to_escalated) {
    if (auto moved = set_status(t, core::Status::escalated,
                                json::object{{"reason", reason}, {"escalatedTo", nullable(e.agent_id)}, {"level", level}});
        !moved) {
      return moved;
    }
  }
  if (e.agent_id && t.assigned_to != e.agent_id) {
    field_changed(t, "assignedTo", nullable(t.assigned_to), *e.agent_id);
    t.assigned_to = e.agent_id;
  }
  if (!e.reason.empty()) add_note(t, "Escalated: " + e.reason);
  return {};
}

Outcome<> TicketWriter::close(Ticket& t, const Closing& c) {
  if (!core::parse_resolution_type(c.resolution)) {
    return refuse(Refusal::Kind::invalid, "resolutionType must be one of " + std::string(core::resolution_type_values()));
  }
  const auto checked = core::check_transition(t.status, core::Status::closed);
  if (!checked) return refuse(Refusal::Kind::transition, checked.error().message);
  db_.exec("UPDATE tickets SET resolution_type = $2::text, resolution_summary = coalesce($3, resolution_summary), "
           "resolution_notes = coalesce($4, resolution_notes) WHERE id = $1",
           t.id, c.resolution, c.summary, c.notes);
  return set_status(t, core::Status::closed,
                    json::object{{"resolutionType", c.resolution},
                                 {"summary", c.summary ? json::value(*c.summary) : json::value(nullptr)}});
}

std::int64_t TicketWriter::add_note(Ticket& t, std::string_view text, json::object metadata) {
  if (actor_.kind == Actor::Kind::rule) metadata["rule"] = actor_.rule;
  const auto rows = db_.exec(
      "WITH n AS (SELECT coalesce($7::timestamptz, now()) AS at), "
      "touched AS (UPDATE tickets SET updated_at = (SELECT at FROM n) WHERE id = $1) "
      "INSERT INTO messages (ticket_id, direction, author_kind, author_id, channel, is_internal, body, metadata, "
      "created_at) SELECT $1, 'outbound', $2, $3, $4, true, $5, $6::jsonb, n.at FROM n RETURNING id",
      t.id, actor_.author_kind(), actor_.id, t.channel, text, json::serialize(metadata), at());
  const auto id = rows.get<std::int64_t>(0, 0);
  audit(t.id, "note.added", nullptr, nullptr, json::object{{"messageId", id}, {"isInternal", true}});
  return id;
}

}  // namespace frontdesk::tickets
