-- Full-text search reads less.
--
-- A search fetches and ranks every ticket and message that matches, and with common words
-- those run to thousands: most of its cost is visiting their rows.
--
-- 1. A ticket's search vector moves to a narrow table of its own. In the ticket table each
--    match meant a visit to a wide row, about a dozen to a page; ticket_search holds some thirty
--    to a page, so a search touches fewer pages and copies less. Every inbound message's
--    update of its ticket also writes a smaller row.
-- 2. A message whose body is its ticket's description (the message that opened the ticket)
--    gets no vector of its own: the ticket's vector holds that text already, so indexing it
--    again only doubled the work of every search matching it, and counted the same words
--    twice in the ranking. A message moved to another ticket by a merge is indexed again
--    against its new ticket's description. Descriptions are set once, when a ticket opens.

CREATE TABLE ticket_search (
    ticket_id     bigint   PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    search_vector tsvector NOT NULL
);
INSERT INTO ticket_search (ticket_id, search_vector)
SELECT id, search_vector FROM tickets ORDER BY id;
CREATE INDEX ticket_search_vector ON ticket_search USING gin (search_vector)
    WITH (gin_pending_list_limit = 256);

DROP TRIGGER tickets_search_insert ON tickets;
DROP TRIGGER tickets_search_update ON tickets;
DROP FUNCTION fd_tickets_search_vector();
ALTER TABLE tickets DROP COLUMN search_vector;

CREATE FUNCTION fd_ticket_search_store() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_vector tsvector :=
        setweight(to_tsvector('english'::regconfig, NEW.number), 'A') ||
        setweight(to_tsvector('english'::regconfig, NEW.subject), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(NEW.tags, ' '), '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, left(NEW.description, 100000)), 'C');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ticket_search (ticket_id, search_vector) VALUES (NEW.id, v_vector);
    ELSE
        UPDATE ticket_search SET search_vector = v_vector WHERE ticket_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION fd_ticket_search_store();

CREATE TRIGGER tickets_search_update
AFTER UPDATE OF number, subject, tags, description ON tickets
FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number
                   OR OLD.subject IS DISTINCT FROM NEW.subject
                   OR OLD.tags IS DISTINCT FROM NEW.tags
                   OR OLD.description IS DISTINCT FROM NEW.description)
EXECUTE FUNCTION fd_ticket_search_store();

CREATE OR REPLACE FUNCTION fd_messages_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := CASE
        WHEN NEW.body = (SELECT t.description FROM tickets t WHERE t.id = NEW.ticket_id) THEN NULL
        ELSE to_tsvector('english'::regconfig, left(NEW.body, 100000))
    END;
    RETURN NEW;
END;
$$;

DROP TRIGGER messages_search_update ON messages;
CREATE TRIGGER messages_search_update
BEFORE UPDATE OF body, ticket_id ON messages
FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
EXECUTE FUNCTION fd_messages_search_vector();

UPDATE messages m SET search_vector = NULL
FROM tickets t
WHERE t.id = m.ticket_id AND m.body = t.description AND m.search_vector IS NOT NULL;
