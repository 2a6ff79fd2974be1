-- Hot-path constraints as domains.
--
-- PostgreSQL keeps a table's CHECK constraints as stored expression text and parses and
-- plans every one of them again at the start of each INSERT or UPDATE statement, whichever
-- columns the statement writes; ingest and the rules runtime run several such statements
-- per message. A domain's constraint is parsed once per session and checked only where a
-- statement writes the column. The allowed values are those of 0001_init.sql.

CREATE DOMAIN fd_ticket_category AS text CHECK (VALUE IN (
    'account', 'booking', 'payment', 'technical', 'billing', 'complaint', 'feature_request',
    'bug_report', 'general', 'other'));
CREATE DOMAIN fd_ticket_priority AS text CHECK (VALUE IN ('urgent', 'high', 'medium', 'low'));
CREATE DOMAIN fd_ticket_status AS text CHECK (VALUE IN (
    'open', 'assigned', 'in_progress', 'waiting_customer', 'waiting_internal', 'resolved',
    'closed', 'reopened', 'escalated'));
CREATE DOMAIN fd_resolution_type AS text CHECK (VALUE IN (
    'solved', 'workaround', 'duplicate', 'cannot_reproduce', 'wont_fix', 'other'));
CREATE DOMAIN fd_message_direction AS text CHECK (VALUE IN ('inbound', 'outbound'));
CREATE DOMAIN fd_author_kind AS text CHECK (VALUE IN ('customer', 'agent', 'admin', 'system'));
CREATE DOMAIN fd_delivery_status AS text CHECK (VALUE IN ('queued', 'sent', 'delivered', 'read', 'failed'));
CREATE DOMAIN fd_actor_kind AS text CHECK (VALUE IN ('customer', 'agent', 'admin', 'system', 'rule'));
CREATE DOMAIN fd_outbox_status AS text CHECK (VALUE IN ('pending', 'sending', 'sent', 'failed', 'dead'));

-- A column named in a trigger's WHEN clause cannot change type, so those triggers are set
-- aside and recreated exactly as they were defined.
CREATE TEMPORARY TABLE fd_when_triggers ON COMMIT DROP AS
SELECT tgname, tgrelid::regclass AS rel, pg_get_triggerdef(oid) AS definition
FROM pg_trigger
WHERE NOT tgisinternal AND tgqual IS NOT NULL
  AND tgrelid IN ('tickets'::regclass, 'messages'::regclass, 'audit_events'::regclass, 'outbox'::regclass);

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tgname, rel FROM fd_when_triggers LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
    END LOOP;
END
$$;

ALTER TABLE tickets
    DROP CONSTRAINT tickets_category_check,
    DROP CONSTRAINT tickets_priority_check,
    DROP CONSTRAINT tickets_status_check,
    DROP CONSTRAINT tickets_resolution_type_check,
    ALTER COLUMN category TYPE fd_ticket_category,
    ALTER COLUMN priority TYPE fd_ticket_priority,
    ALTER COLUMN status TYPE fd_ticket_status,
    ALTER COLUMN resolution_type TYPE fd_resolution_type;

ALTER TABLE messages
    DROP CONSTRAINT messages_direction_check,
    DROP CONSTRAINT messages_author_kind_check,
    DROP CONSTRAINT messages_delivery_status_check,
    ALTER COLUMN direction TYPE fd_message_direction,
    ALTER COLUMN author_kind TYPE fd_author_kind,
    ALTER COLUMN delivery_status TYPE fd_delivery_status;

ALTER TABLE audit_events
    DROP CONSTRAINT audit_events_actor_kind_check,
    ALTER COLUMN actor_kind TYPE fd_actor_kind;

ALTER TABLE outbox
    DROP CONSTRAINT outbox_status_check,
    ALTER COLUMN status TYPE fd_outbox_status;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT definition FROM fd_when_triggers LOOP
        EXECUTE t.definition;
    END LOOP;
END
$$;
