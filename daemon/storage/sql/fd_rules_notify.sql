-- SPDX-License-Identifier: Apache-2.0
-- Wakes idle rules consumers, which LISTEN on fd_rules. One notification per inserting
-- statement suffices, since a woken consumer claims every pending row it can.
CREATE OR REPLACE FUNCTION fd_rules_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A statement trigger fires for an INSERT of no rows too: nothing to wake anyone for.
    IF EXISTS (SELECT 1 FROM inserted) THEN
        PERFORM pg_notify('fd_rules', '');
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS audit_events_rules_notify ON audit_events;
CREATE TRIGGER audit_events_rules_notify AFTER INSERT ON audit_events
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION fd_rules_notify();
