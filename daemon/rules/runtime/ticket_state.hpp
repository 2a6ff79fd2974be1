// A ticket as the rules runtime reads it: the row (locked for the event's transaction)
// and the facts rules evaluate, kept in step as actions change it.
#pragma once

#include "rules/fields.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::rules::runtime {

struct TicketState {
  std::int64_t id = 0;
  std::string number;
  std::string subject;
  std::string channel;
  std::string status;
  std::string priority;
  std::string category;
  std::vector<std::string> tags;
  std::optional<std::int64_t> assigned_to;
  std::optional<std::int64_t> team_id;
  int escalation_level = 0;
  std::int64_t customer_id = 0;
  std::string customer_name;
  std::string language;  // the customer's
  std::int64_t created_ms = 0;
};

// Locks the ticket row (FOR NO KEY UPDATE) and fills `state` and the ticket/customer/agent
// facts, and the message.* facts of `message_id` when the event names a message: one
// statement, since the runtime reads this for nearly every event it handles. False when the
// ticket no longer exists.
bool load_ticket(storage::Connection& db, std::int64_t ticket_id, std::optional<std::int64_t> message_id,
                 std::int64_t now_ms, TicketState& state, Facts& facts);

// Mirrors a change an action made into the facts later rules of the same event see.
void refresh_facts(const TicketState& state, Facts& facts);

}  // namespace frontdesk::rules::runtime
