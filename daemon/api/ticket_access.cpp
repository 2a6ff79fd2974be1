#include "api/ticket_access.hpp"

#include "api/api_error.hpp"
#include "api/json_body.hpp"
#include "core/ticket_number.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace frontdesk::api {

namespace json = boost::json;

namespace {

std::optional<std::string> json_or_null(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return json::serialize(v);
}

}  // namespace

TicketRow find_ticket(Call& call, std::string_view id_or_number, bool lock) {
  std::optional<std::int64_t> id;
  std::optional<std::string> number;
  if (core::parse_ticket_number(id_or_number)) {
    number = std::string(id_or_number);
  } else {
    id = parse_id(id_or_number);
    if (!id) not_found("ticket");
  }
  const std::optional<std::int64_t> only_customer =
      call.staff() ? std::nullopt : std::optional<std::int64_t>(call.principal.customer_id);
  const std::string sql = std::string(
      "SELECT id, number, status, priority, assigned_to, customer_id, channel, "
      "escalation_level FROM tickets WHERE (id = $1::bigint OR number = $2::text) "
      "AND ($3::bigint IS NULL OR customer_id = $3::bigint)") + (lock ? " FOR UPDATE" : "");
  auto rows = call.db.exec(sql, id, number, only_customer);
  if (rows.rows() == 0) not_found("ticket");
  TicketRow t;
  t.id = rows.get<std::int64_t>(0, 0);
  t.number = rows.text(0, 1);
  t.status = core::parse_status(rows.text(0, 2)).value_or(core::Status::open);
  t.priority = rows.text(0, 3);
  t.assigned_to = rows.get_optional<std::int64_t>(0, 4);
  t.customer_id = rows.get<std::int64_t>(0, 5);
  t.channel = rows.text(0, 6);
  t.escalation_level = rows.get<std::int32_t>(0, 7);
  return t;
}

void require_workable(const Call& call, const TicketRow& ticket) {
  if (call.principal.role != core::Role::agent) return;
  if (ticket.assigned_to && *ticket.assigned_to != call.principal.agent_id) {
    forbidden("ticket " + ticket.number + " is assigned to another agent");
  }
}

void audit(Call& call, std::optional<std::int64_t> ticket_id, std::string_view event,
           const json::value& old_value, const json::value& new_value, const json::value& data) {
  call.db.exec(
      "INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, old_value, new_value, "
      "data) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, coalesce($7::jsonb, '{}'))",
      ticket_id, event, call.actor_kind(), call.actor_id(), json_or_null(old_value),
      json_or_null(new_value), json_or_null(data));
}

void change_status(Call& call, TicketRow& ticket, core::Status to, const json::value& data) {
  const auto checked = core::check_transition(ticket.status, to);
  if (!checked) fail(409, "invalid_transition", checked.error().message);
  const auto to_name = core::to_string(to);
  call.db.exec(
      "UPDATE tickets SET status = $2::text, updated_at = now(), last_activity_at = now(), "
      "resolved_at = CASE WHEN $2 = 'resolved' THEN now() WHEN $2 = 'closed' "
      "  THEN coalesce(resolved_at, now()) WHEN $2 = 'reopened' THEN NULL ELSE resolved_at END, "
      "closed_at = CASE WHEN $2 = 'closed' THEN now() WHEN $2 = 'reopened' THEN NULL "
      "  ELSE closed_at END WHERE id = $1",
      ticket.id, to_name);
  audit(call, ticket.id, "status.changed", json::string(core::to_string(ticket.status)),
        json::string(to_name), data);
  ticket.status = to;
}

void field_updated(Call& call, const TicketRow& ticket, std::string_view field,
                   const json::value& old_value, const json::value& new_value) {
  audit(call, ticket.id, "ticket.updated", json::object{{"field", field}, {"value", old_value}},
        json::object{{"field", field}, {"value", new_value}}, json::object{{"field", field}});
}

json::value ticket_json(Call& call, std::int64_t id, bool with_messages) {
  auto rows = call.db.exec(
      "SELECT fd_ticket_json(t, $2, $3)::text FROM tickets t WHERE id = $1", id, call.staff(),
      with_messages);
  if (rows.rows() == 0) not_found("ticket");
  return json::parse(rows.text(0, 0));
}

void require_agent(Call& call, std::int64_t agent_id, std::string_view field) {
  if (call.db.exec("SELECT 1 FROM agents WHERE id = $1", agent_id).rows() == 0) {
    invalid(std::string(field) + ": no agent with id " + std::to_string(agent_id));
  }
}

std::string json_array_text(const std::vector<std::string>& items) {
  json::array a(items.begin(), items.end());
  return json::serialize(a);
}

}  // namespace frontdesk::api
