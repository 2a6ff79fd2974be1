-- Wakes idle rules consumers, which LISTEN on fd_rules. One notification per inserting
-- statement suffices, since a woken consumer claims every pending row it can.
CREATE OR REPLACE FUNCTION fd_rules_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fd_rules', '');
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS audit_events_rules_notify ON audit_events;
CREATE TRIGGER audit_events_rules_notify AFTER INSERT ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION fd_rules_notify();
