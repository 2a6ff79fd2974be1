-- A ticket's search vector moves to a narrow table of its own.
--
-- A search fetches and ranks every ticket that matches, and with common words those run to
-- thousands: most of its cost is visiting their rows. In the ticket table each match meant a
-- visit to a wide row, about a dozen to a page; ticket_search holds some thirty to a page, so
-- a search touches fewer pages and copies less. Every inbound message's update of its ticket
-- also writes a smaller row.

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
