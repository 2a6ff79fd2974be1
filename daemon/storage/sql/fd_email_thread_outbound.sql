-- SPDX-License-Identifier: Apache-2.0
-- Email threading through our own replies: once the outbox records the Message-ID an
-- outbound email was sent with (messages.external_id, the provider id), that id becomes a
-- thread key of the ticket, so a customer reply whose In-Reply-To/References name only our
-- message (e.g. the answer to an acknowledgement) finds the ticket in fd_ingest_batch.
CREATE OR REPLACE FUNCTION fd_email_thread_outbound() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.direction = 'outbound' AND NEW.channel = 'email' AND NEW.external_id IS NOT NULL
       AND NEW.external_id <> '' THEN
        INSERT INTO ticket_threads (channel, thread_key, ticket_id)
        VALUES ('email', NEW.external_id, NEW.ticket_id)
        ON CONFLICT (channel, thread_key) DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS messages_email_thread_key ON messages;
CREATE TRIGGER messages_email_thread_key
AFTER INSERT OR UPDATE OF external_id ON messages
FOR EACH ROW
WHEN (NEW.direction = 'outbound' AND NEW.channel = 'email' AND NEW.external_id IS NOT NULL)
EXECUTE FUNCTION fd_email_thread_outbound();
