#pragma once
// Finding a ticket for a caller, the rules of who may touch it, and the writes every ticket
// change shares: status changes through the status machine and audit events.
#include "api/endpoint.hpp"
#include "core/status.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::api {

struct TicketRow {
  std::int64_t id = 0;
  std::string number;
  core::Status status = core::Status::open;
  std::string priority;
  std::optional<std::int64_t> assigned_to;
  std::int64_t customer_id = 0;
  std::string channel;
  int escalation_level = 0;
};

// The ticket named by an id or a TKT-… number, locked FOR UPDATE when `lock`. Unknown
// tickets and other customers' tickets are the same 404, so ids cannot be probed.
TicketRow find_ticket(Call& call, std::string_view id_or_number, bool lock);

// Agents work on their own tickets and unassigned ones; admins on any.
void require_workable(const Call& call, const TicketRow& ticket);

// Appends an audit event in the caller's transaction. Values are JSON texts (or null).
void audit(Call& call, std::optional<std::int64_t> ticket_id, std::string_view event,
           const boost::json::value& old_value, const boost::json::value& new_value,
           const boost::json::value& data);

// Moves the ticket to `to` if the status machine allows it (else 409 with its message),
// maintaining resolved_at/closed_at, and records status.changed.
void change_status(Call& call, TicketRow& ticket, core::Status to, const boost::json::value& data);

// Records ticket.updated for one field.
void field_updated(Call& call, const TicketRow& ticket, std::string_view field,
                   const boost::json::value& old_value, const boost::json::value& new_value);

// The ticket's JSON as the caller may see it (messages included when asked).
boost::json::value ticket_json(Call& call, std::int64_t id, bool with_messages);

// An agent that exists, or 422 naming the field.
void require_agent(Call& call, std::int64_t agent_id, std::string_view field);

// JSON array text of strings, for binding text[] parameters via jsonb.
std::string json_array_text(const std::vector<std::string>& items);

}  // namespace frontdesk::api
