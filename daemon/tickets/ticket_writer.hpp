// SPDX-License-Identifier: Apache-2.0
// The one write path for ticket state. The REST API, the rules runtime, channel commands and
// the SLA scheduler say what they want here; this decides whether it may happen, writes the
// row and records its audit event in the caller's transaction. The same request gives the
// same row and the same event whoever makes it: only the actor differs.
//
// Expected refusals (an illegal transition, a closed ticket, an unknown agent) come back as
// values; database failures throw storage::PgError as everywhere else.
#pragma once

#include "tickets/actor.hpp"
#include "tickets/audit.hpp"
#include "tickets/refusal.hpp"
#include "tickets/ticket.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::tickets {

struct Escalation {
  std::optional<std::int64_t> team_id;   // hand the ticket to this team
  std::optional<std::int64_t> agent_id;  // and this agent (the status stays escalated)
  std::string reason;                    // kept as an internal note when not empty
};

struct Closing {
  std::string resolution = "solved";  // a core::ResolutionType name
  std::optional<std::string> summary;
  std::optional<std::string> notes;
};

// A message to the customer on the ticket's own channel (web-form and portal tickets: email).
struct Outbound {
  std::string subject;  // empty: "Re: " + the ticket's subject
  std::string body;
  boost::json::object metadata;
  bool first_response = false;  // a person's public answer: meets the first-response SLA
  std::string channel;          // empty: the ticket's own route; else answer on this channel
};

struct Sent {
  std::int64_t message_id = 0;
  std::string channel;
  bool queued = false;               // false: delivered through the portal, or failed
  std::optional<std::string> error;  // why it cannot be sent (the message is failed, its outbox row dead)
};

struct Split {
  Ticket ticket;  // the new one
  std::int64_t messages_moved = 0;
};

class TicketWriter {
 public:
  // `at`: the ISO 8601 time the changes carry (the rules' and SLA's clock); empty: the
  // transaction's time.
  TicketWriter(storage::Connection& db, Actor actor, std::string at = {});

  [[nodiscard]] const Actor& actor() const noexcept { return actor_; }
  [[nodiscard]] storage::Connection& db() noexcept { return db_; }
  // The time the changes carry, for statements of the caller's (nullopt: the transaction's).
  [[nodiscard]] std::optional<std::string> at() const;

  // Moves the ticket through the status machine, keeping resolved_at, closed_at and
  // last_activity_at; reopening clears the first two.
  Outcome<> set_status(Ticket& t, core::Status to, boost::json::object details = {});
  Outcome<> set_priority(Ticket& t, std::string_view priority);
  Outcome<> set_category(Ticket& t, std::string_view category);
  void set_tags(Ticket& t, std::vector<std::string> tags);
  void add_tag(Ticket& t, std::string_view tag);
  void remove_tag(Ticket& t, std::string_view tag);
  // Gives the ticket to an agent (an open, reopened or escalated ticket becomes assigned).
  Outcome<> assign(Ticket& t, std::int64_t agent_id);
  Outcome<> escalate(Ticket& t, const Escalation& e);
  Outcome<> close(Ticket& t, const Closing& c);
  std::int64_t add_note(Ticket& t, std::string_view text, boost::json::object metadata = {});

  // Queues (or, for portal tickets, delivers) a message to the customer. Automatic messages
  // (rules, the system) are never sent in answer to automatic or bulk mail: that refusal
  // is how mail loops are broken, whoever wrote the rule.
  Outcome<Sent> send_to_customer(Ticket& t, Outbound message);

  // `duplicate`'s messages and thread keys move to `survivor`, its tags join the survivor's,
  // and it closes as a duplicate. Both must be locked (lock_pair). Answers the number of
  // messages moved.
  Outcome<std::int64_t> merge(Ticket& duplicate, Ticket& survivor);
  // Undoes the last merge of `duplicate` (locked): what moved goes back, and it reopens.
  Outcome<> unmerge(Ticket& duplicate);
  // Moves the given messages of `source` (locked) to a new ticket of the same customer.
  Outcome<Split> split(Ticket& source, std::span<const std::int64_t> message_ids);

  // Ties the ticket to the status page's incident (incident_link.cpp): the tag
  // incident-<id>, and a row the incident's later events read to reach the ticket.
  void link_incident(Ticket& t, std::int64_t incident_id);
  // The incident's event (incident.resolved) on each ticket tied to it, so rules answer
  // those tickets' customers. Answers how many tickets it reached.
  std::int64_t incident_event_on_tickets(std::int64_t incident_id, std::string_view event,
                                         const boost::json::value& old_value, const boost::json::value& new_value);

  // An audit event by this writer's actor at its time.
  void audit(std::optional<std::int64_t> ticket_id, std::string_view event, boost::json::value old_value,
             boost::json::value new_value, boost::json::object data = {});

 private:
  void field_changed(const Ticket& t, std::string_view field, boost::json::value old_value,
                     boost::json::value new_value, boost::json::object data = {});

  storage::Connection& db_;
  Actor actor_;
  std::string at_;
};

}  // namespace frontdesk::tickets
