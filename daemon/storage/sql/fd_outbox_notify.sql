-- Wakes idle outbox workers, which LISTEN on fd_outbox. One notification per inserting
-- statement is enough, since a woken worker claims every due row it finds.
CREATE OR REPLACE FUNCTION fd_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fd_outbox', '');
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION fd_outbox_notify();
