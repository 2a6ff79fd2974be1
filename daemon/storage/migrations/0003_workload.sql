-- Agents' open-ticket counts, maintained by the database on every change of a ticket's
-- assignee or status, so routing reads one row per agent and never counts tickets.
-- A ticket counts toward its assignee's workload while its status is active, as in
-- daemon/core/status.cpp is_active(): assigned, in_progress, waiting_customer,
-- waiting_internal, escalated, reopened.

CREATE FUNCTION fd_counts_as_workload(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT status IN ('assigned', 'in_progress', 'waiting_customer', 'waiting_internal',
                        'escalated', 'reopened') $$;

CREATE FUNCTION fd_track_workload() RETURNS trigger
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

CREATE TRIGGER tickets_workload
AFTER INSERT OR DELETE OR UPDATE OF assigned_to, status ON tickets
FOR EACH ROW EXECUTE FUNCTION fd_track_workload();

-- The unassigned queue is handed out most urgent and oldest first.
DROP INDEX tickets_unassigned;
CREATE INDEX tickets_unassigned ON tickets
    ((CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END),
     created_at)
    WHERE assigned_to IS NULL AND status NOT IN ('resolved', 'closed');
