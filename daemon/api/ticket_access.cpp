// SPDX-License-Identifier: Apache-2.0
#include "api/ticket_access.hpp"

#include "api/json_body.hpp"
#include "core/ticket_number.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace frontdesk::api {

namespace json = boost::json;

Result<Ticket> find_ticket(Call& call, std::string_view id_or_number, bool lock) {
  std::optional<std::int64_t> id;
  std::optional<std::string> number;
  if (core::parse_ticket_number(id_or_number)) {
    number = std::string(id_or_number);
  } else {
    id = parse_id(id_or_number);
    if (!id) return not_found("ticket");
  }
  const std::optional<std::int64_t> only_customer =
      call.staff() ? std::nullopt : std::optional<std::int64_t>(call.principal.customer_id);
  const std::optional<std::int64_t> only_token =
      call.principal.ticket_scoped ? std::optional<std::int64_t>(call.principal.token_id)
                                   : std::nullopt;
  static const std::string select =
      "SELECT " + std::string(tickets::kTicketColumns) +
      " FROM tickets t WHERE (t.id = $1::bigint OR t.number = $2::text) "
      "AND ($3::bigint IS NULL OR t.customer_id = $3::bigint) "
      "AND ($4::bigint IS NULL OR EXISTS (SELECT 1 FROM api_token_tickets s "
      "  WHERE s.token_id = $4::bigint AND s.ticket_id = t.id))";
  static const std::string locked = select + " FOR UPDATE";
  auto rows = call.db.exec(lock ? locked : select, id, number, only_customer, only_token);
  if (rows.rows() == 0) return not_found("ticket");
  return tickets::read_ticket(rows, 0);
}

void grant_to_caller(Call& call, std::int64_t ticket_id) {
  if (!call.principal.ticket_scoped) return;
  call.db.exec(
      "INSERT INTO api_token_tickets (token_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      call.principal.token_id, ticket_id);
}

Result<> require_workable(const Call& call, const Ticket& ticket) {
  if (call.principal.role != core::Role::agent) return {};
  if (ticket.assigned_to && *ticket.assigned_to != call.principal.agent_id) {
    return forbidden("ticket " + ticket.number + " is assigned to another agent");
  }
  return {};
}

tickets::Actor actor_of(const Call& call) {
  using Kind = tickets::Actor::Kind;
  const Kind kind = call.principal.role == core::Role::customer ? Kind::customer
                    : call.principal.role == core::Role::agent  ? Kind::agent
                                                                : Kind::admin;
  return tickets::Actor{kind, call.actor_id(), {}, 0};
}

tickets::TicketWriter writer_for(Call& call) { return tickets::TicketWriter(call.db, actor_of(call)); }

Problem answer_refusal(const tickets::Refusal& refusal) {
  switch (refusal.kind) {
    case tickets::Refusal::Kind::transition: return {409, "invalid_transition", refusal.message};
    case tickets::Refusal::Kind::conflict: return conflict(refusal.message).error();
    case tickets::Refusal::Kind::invalid: return invalid(refusal.message).error();
    case tickets::Refusal::Kind::forbidden: return forbidden(refusal.message).error();
  }
  return conflict(refusal.message).error();
}

void audit(Call& call, std::optional<std::int64_t> ticket_id, std::string_view event,
           const json::value& old_value, const json::value& new_value, const json::object& data) {
  tickets::record(call.db, actor_of(call), {},
                  tickets::AuditEvent{ticket_id, event, old_value, new_value, data});
}

json::value ticket_json(Call& call, std::int64_t id, bool with_messages) {
  auto rows = call.db.exec(
      "SELECT fd_ticket_json(t, $2, $3)::text FROM tickets t WHERE id = $1", id, call.staff(),
      with_messages);
  if (rows.rows() == 0) throw std::logic_error("ticket " + std::to_string(id) + " vanished");
  return json::parse(rows.text(0, 0));
}

Result<> require_agent(Call& call, std::int64_t agent_id, std::string_view field) {
  if (call.db.exec("SELECT 1 FROM agents WHERE id = $1", agent_id).rows() == 0) {
    return invalid(std::string(field) + ": no agent with id " + std::to_string(agent_id));
  }
  return {};
}

std::string json_array_text(const std::vector<std::string>& items) {
  json::array a(items.begin(), items.end());
  return json::serialize(a);
}

}  // namespace frontdesk::api
