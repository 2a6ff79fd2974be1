// SPDX-License-Identifier: Apache-2.0
// Tickets and the status page's incidents: a ticket about an open incident is tied to it
// (by the rules' link_incident), and the incident's resolution reaches every tied ticket as
// that ticket's own event.
#include "tickets/ticket_writer.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

namespace frontdesk::tickets {

namespace json = boost::json;

void TicketWriter::link_incident(Ticket& t, std::int64_t incident_id) {
  const auto linked = db_.exec(
      "INSERT INTO status_incident_tickets (incident_id, ticket_id, created_at) "
      "VALUES ($1, $2, coalesce($3::timestamptz, now())) ON CONFLICT DO NOTHING",
      incident_id, t.id, at());
  if (linked.affected_rows() == 0) return;
  add_tag(t, "incident-" + std::to_string(incident_id));
}

std::int64_t TicketWriter::incident_event_on_tickets(std::int64_t incident_id, std::string_view event,
                                                     const json::value& old_value, const json::value& new_value) {
  const auto tickets = db_.exec(
      "SELECT ticket_id FROM status_incident_tickets WHERE incident_id = $1 ORDER BY ticket_id", incident_id);
  for (int i = 0; i < tickets.rows(); ++i) {
    audit(tickets.get<std::int64_t>(i, 0), event, old_value, new_value, {{"incidentId", incident_id}});
  }
  return tickets.rows();
}

}  // namespace frontdesk::tickets
