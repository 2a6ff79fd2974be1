// SPDX-License-Identifier: Apache-2.0
// A ticket as the rules runtime reads it: the row (locked for the event's transaction)
// and the facts rules evaluate, kept in step as actions change it.
#pragma once

#include "rules/fields.hpp"
#include "tickets/ticket.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::storage {
class Connection;
class Result;
}

namespace frontdesk::rules::runtime {

// The row the ticket domain writes, plus what only rules read.
struct TicketState : tickets::Ticket {
  std::string customer_name;
  std::string customer_language;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> message_id;  // the message the event names, if any
};

// A ticket the runtime wants, with the message its event names (if any).
struct TicketWanted {
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> message_id;
};

// How read_tickets treats the rows: read them as committed, lock them (FOR NO KEY UPDATE)
// waiting for other transactions, or lock those free now and leave the rest out.
enum class TicketLock { none, wait, skip_locked };

// Reads the wanted tickets in one statement, in ticket id order, each with its message.
// Column 0 is the ticket id, column kTicketVersion the row version (xmin); read_ticket takes
// a row apart.
inline constexpr int kTicketVersion = 33;
storage::Result read_tickets(storage::Connection& db, const std::vector<TicketWanted>& wanted, TicketLock lock);

// Fills `state` and the ticket/customer/agent facts, and the message.* facts when the row
// carries a message, from row `row` of read_tickets' result.
void read_ticket(const storage::Result& rows, int row, std::int64_t now_ms, TicketState& state, Facts& facts);

// read_tickets (waiting for the lock) and read_ticket for one ticket. False when the ticket
// no longer exists.
bool load_ticket(storage::Connection& db, std::int64_t ticket_id, std::optional<std::int64_t> message_id,
                 std::int64_t now_ms, TicketState& state, Facts& facts);

// Mirrors a change an action made into the facts later rules of the same event see.
void refresh_facts(const TicketState& state, Facts& facts);

}  // namespace frontdesk::rules::runtime
