-- Incidents meet tickets: a component names the words (and the ticket category) that tie a
-- new ticket to an open incident on it; the tickets so tied are remembered, so resolving the
-- incident can tell their customers.
ALTER TABLE status_components
  ADD COLUMN keywords text[] NOT NULL DEFAULT '{}',
  ADD COLUMN category text;

CREATE TABLE status_incident_tickets (
  incident_id bigint NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
  ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, ticket_id)
);
CREATE INDEX status_incident_tickets_ticket ON status_incident_tickets (ticket_id);
