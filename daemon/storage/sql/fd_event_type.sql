-- SPDX-License-Identifier: Apache-2.0
-- The event stream's and the webhooks' name for an audit event (docs/events.md), or NULL for
-- the audit events that are not published (deliveries, suppressed replies, commands, ...).
-- message.created is "any message": the agent's replies and notes; an inbound one is
-- message.received (a `message.created` filter matches both). A status-page incident's
-- events are published once, as the incident's (p_ticket NULL), not again on each ticket
-- tied to it (those are for the rules).
CREATE OR REPLACE FUNCTION fd_event_type(p_event text, p_data jsonb, p_ticket bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE p_event
    WHEN 'incident.opened' THEN CASE WHEN p_ticket IS NULL THEN 'incident.opened' END
    WHEN 'incident.updated' THEN CASE WHEN p_ticket IS NULL THEN 'incident.updated' END
    WHEN 'incident.resolved' THEN CASE WHEN p_ticket IS NULL THEN 'incident.resolved' END
    WHEN 'ticket.created' THEN 'ticket.created'
    WHEN 'message.received' THEN 'message.received'
    WHEN 'message.sent' THEN 'message.created'
    WHEN 'note.added' THEN 'message.created'
    WHEN 'status.changed' THEN 'status.changed'
    WHEN 'ticket.updated' THEN
        CASE WHEN p_data ->> 'field' IN ('assignedTo', 'team') THEN 'assignment.changed'
             ELSE 'ticket.updated' END
    WHEN 'sla.warning' THEN 'sla.warning'
    WHEN 'sla.breached' THEN 'sla.breached'
    WHEN 'survey.answered' THEN 'survey.answered'
    WHEN 'ticket.merged' THEN 'ticket.merged'
    WHEN 'ticket.unmerged' THEN 'ticket.unmerged'
    WHEN 'ticket.split' THEN 'ticket.split'
    WHEN 'ticket.duplicate_suspected' THEN 'ticket.duplicate_suspected'
  END $$;
