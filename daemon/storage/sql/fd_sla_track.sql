-- SPDX-License-Identifier: Apache-2.0
-- SLA facts as they happen (daemon/sla, docs/sla.md), in the transaction that changes the
-- ticket: when the ticket waited on the customer, when a reopen restarted the resolution
-- clock; and the ticket_sla row is marked for recomputation. The daemon's SLA scheduler (C++,
-- which knows the policies and business-hours calendars) recomputes due times and keeps one
-- indexed timer per ticket, next_event_at, so a scheduler pass reads only the rows that are
-- due or marked, never the open tickets as a whole.
--
-- The update trigger names the columns it watches: PostgreSQL then skips an UPDATE that sets
-- none of them before looking at the WHEN clause at all, so the update ingest makes on every
-- inbound message (the ticket's activity times) fires nothing.
CREATE OR REPLACE FUNCTION fd_sla_track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- Callers stamp updated_at with their clock (ingest passes its own); fall back to now().
    v_at       timestamptz := CASE WHEN TG_OP = 'UPDATE' AND NEW.updated_at IS DISTINCT FROM OLD.updated_at
                                   THEN NEW.updated_at ELSE now() END;
    v_paused   boolean := NEW.status = 'waiting_customer';
    v_reopened boolean := TG_OP = 'UPDATE' AND OLD.status IN ('resolved', 'closed')
                          AND NEW.status NOT IN ('resolved', 'closed');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ticket_sla (ticket_id, resolution_started_at, paused_since, next_event_at,
                                next_event_kind)
        VALUES (NEW.id, NEW.created_at, CASE WHEN v_paused THEN NEW.created_at END, '-infinity',
                'recompute');
    ELSE
        UPDATE ticket_sla s SET
            paused_since = CASE WHEN v_paused THEN coalesce(s.paused_since, v_at) END,
            pauses = CASE WHEN NOT v_paused AND s.paused_since IS NOT NULL
                          THEN s.pauses + tstzmultirange(tstzrange(s.paused_since,
                                                                   greatest(v_at, s.paused_since)))
                          ELSE s.pauses END,
            resolution_started_at = CASE WHEN v_reopened THEN v_at ELSE s.resolution_started_at END,
            resolution_warned = s.resolution_warned AND NOT v_reopened,
            resolution_breached = s.resolution_breached AND NOT v_reopened,
            next_event_at = '-infinity',
            next_event_kind = 'recompute'
        WHERE s.ticket_id = NEW.id;
    END IF;
    PERFORM pg_notify('fd_sla', '');
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tickets_sla_insert ON tickets;
CREATE TRIGGER tickets_sla_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION fd_sla_track();

DROP TRIGGER IF EXISTS tickets_sla_update ON tickets;
CREATE TRIGGER tickets_sla_update
AFTER UPDATE OF status, priority, category, customer_id, first_response_at, resolved_at, closed_at ON tickets
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                   OR OLD.priority IS DISTINCT FROM NEW.priority
                   OR OLD.category IS DISTINCT FROM NEW.category
                   OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
                   OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
                   OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
                   OR OLD.closed_at IS DISTINCT FROM NEW.closed_at)
EXECUTE FUNCTION fd_sla_track();
