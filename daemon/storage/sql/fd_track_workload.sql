-- SPDX-License-Identifier: Apache-2.0
-- Agents' open-ticket counts, maintained by the database on every change of a ticket's
-- assignee or status, so routing reads one row per agent and never counts tickets.
-- The update trigger runs only when the assignee or the status really changes.
CREATE OR REPLACE FUNCTION fd_track_workload() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_old_agent bigint;
    v_new_agent bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.assigned_to IS NOT NULL
       AND fd_counts_as_workload(OLD.status) THEN
        v_old_agent := OLD.assigned_to;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.assigned_to IS NOT NULL
       AND fd_counts_as_workload(NEW.status) THEN
        v_new_agent := NEW.assigned_to;
    END IF;
    IF v_old_agent IS DISTINCT FROM v_new_agent THEN
        IF v_old_agent IS NOT NULL THEN
            UPDATE agents SET open_tickets = open_tickets - 1 WHERE id = v_old_agent;
        END IF;
        IF v_new_agent IS NOT NULL THEN
            UPDATE agents SET open_tickets = open_tickets + 1 WHERE id = v_new_agent;
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tickets_workload ON tickets;
CREATE TRIGGER tickets_workload
AFTER INSERT OR DELETE ON tickets
FOR EACH ROW EXECUTE FUNCTION fd_track_workload();

DROP TRIGGER IF EXISTS tickets_workload_update ON tickets;
CREATE TRIGGER tickets_workload_update
AFTER UPDATE OF assigned_to, status ON tickets
FOR EACH ROW WHEN (OLD.assigned_to IS DISTINCT FROM NEW.assigned_to OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION fd_track_workload();
