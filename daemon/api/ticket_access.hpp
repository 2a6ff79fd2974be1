// SPDX-License-Identifier: Apache-2.0
#pragma once
// Finding a ticket for a caller, the rules of who may touch it, and the caller as the ticket
// domain's actor: every change itself is made by tickets::TicketWriter.
#include "api/endpoint.hpp"
#include "tickets/ticket_writer.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::api {

using tickets::Ticket;

// The ticket named by an id or a TKT-… number, locked FOR UPDATE when `lock`. Unknown
// tickets and tickets the caller may not see are the same 404, so ids cannot be probed.
Result<Ticket> find_ticket(Call& call, std::string_view id_or_number, bool lock);

// A ticket-scoped caller (a web-form token) sees the tickets it opens itself from now on.
void grant_to_caller(Call& call, std::int64_t ticket_id);

// Agents work on their own tickets and unassigned ones; admins on any.
Result<> require_workable(const Call& call, const Ticket& ticket);

// The caller as the ticket domain's actor, and a writer acting for it.
tickets::Actor actor_of(const Call& call);
tickets::TicketWriter writer_for(Call& call);

// The HTTP answer to a refusal: 409 conflict, 422 validation_failed, 403 forbidden.
Problem answer_refusal(const tickets::Refusal& refusal);
// The ticket domain's outcome as the API's: FD_TRY(auto moved, accept(writer.merge(a, b))).
template <class T>
Result<T> accept(tickets::Outcome<T> outcome) {
  if (!outcome) return core::Unexpected(answer_refusal(outcome.error()));
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return *std::move(outcome);
  }
}

// An audit event with the caller as actor (agents and tokens have no ticket).
void audit(Call& call, std::optional<std::int64_t> ticket_id, std::string_view event,
           const boost::json::value& old_value, const boost::json::value& new_value,
           const boost::json::object& data);

// The ticket's JSON as the caller may see it (messages included when asked). The ticket
// is one the call has found or made: its absence is a bug (std::logic_error).
boost::json::value ticket_json(Call& call, std::int64_t id, bool with_messages);

// An agent that exists, or 422 naming the field.
Result<> require_agent(Call& call, std::int64_t agent_id, std::string_view field);

// JSON array text of strings, for binding text[] parameters via jsonb.
std::string json_array_text(const std::vector<std::string>& items);

}  // namespace frontdesk::api
