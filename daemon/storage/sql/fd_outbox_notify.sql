-- SPDX-License-Identifier: Apache-2.0
-- Wakes idle outbox workers, which LISTEN on fd_outbox. One notification per inserting
-- statement is enough, since a woken worker claims every due row it finds.
CREATE OR REPLACE FUNCTION fd_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A statement trigger fires for INSERT ... SELECT of no rows too (the webhook dispatcher
    -- runs one on every new event); waking every listener for nothing cost the ingest.
    IF EXISTS (SELECT 1 FROM inserted) THEN
        PERFORM pg_notify('fd_outbox', '');
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION fd_outbox_notify();
