-- The rules runtime's state: which audit events still await rule evaluation, the next
-- run of each scheduled rule, and round-robin positions.

-- Every event written from now on awaits the rules (rules_pending true); rows that
-- existed before this migration are left alone (NULL). A consumer claims pending rows
-- with FOR UPDATE SKIP LOCKED and clears the flag in the transaction that applies the
-- rules' changes, so each event is handled once across all daemons sharing the database.
ALTER TABLE audit_events ADD COLUMN rules_pending boolean;
ALTER TABLE audit_events ALTER COLUMN rules_pending SET DEFAULT true;
CREATE INDEX audit_events_rules_pending ON audit_events (id) WHERE rules_pending;
-- Per-ticket order: an event is claimable only when no earlier event of its ticket waits.
CREATE INDEX audit_events_rules_pending_ticket ON audit_events (ticket_id, id) WHERE rules_pending;

-- Idle consumers LISTEN on fd_rules; one notification per inserting statement suffices,
-- since a woken consumer claims every pending row it can.
CREATE FUNCTION fd_rules_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fd_rules', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_events_rules_notify AFTER INSERT ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION fd_rules_notify();

-- One row per scheduled rule. The daemon that locks a due row (SKIP LOCKED) runs the rule
-- and moves next_run_at in the same transaction, so a run happens once cluster-wide and a
-- crash mid-run leaves it due for another daemon. `schedule` is the rule's schedule text:
-- when an admin changes it, the next run is computed afresh.
CREATE TABLE rule_schedules (
    rule_name    text        PRIMARY KEY,
    schedule     text        NOT NULL,
    next_run_at  timestamptz NOT NULL,
    last_run_at  timestamptz,
    last_run_by  text
);

-- Where round-robin assignment left off, per team ('' for all agents).
CREATE TABLE rule_round_robin (
    scope          text   PRIMARY KEY,
    last_agent_id  bigint NOT NULL
);
