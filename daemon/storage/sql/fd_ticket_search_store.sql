-- SPDX-License-Identifier: Apache-2.0
-- A ticket's search vector, in a narrow table of its own (ticket_search). A search fetches and
-- ranks every ticket that matches, and with common words those run to thousands: in the ticket
-- table each match meant a visit to a wide row, about a dozen to a page; ticket_search holds
-- some thirty to a page. Kept by triggers, recomputed only when the text it indexes changes,
-- so the ticket update that every inbound message makes writes no vector.
CREATE OR REPLACE FUNCTION fd_ticket_search_store() RETURNS trigger
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

DROP TRIGGER IF EXISTS tickets_search_insert ON tickets;
CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION fd_ticket_search_store();

DROP TRIGGER IF EXISTS tickets_search_update ON tickets;
CREATE TRIGGER tickets_search_update
AFTER UPDATE OF number, subject, tags, description ON tickets
FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number
                   OR OLD.subject IS DISTINCT FROM NEW.subject
                   OR OLD.tags IS DISTINCT FROM NEW.tags
                   OR OLD.description IS DISTINCT FROM NEW.description)
EXECUTE FUNCTION fd_ticket_search_store();
