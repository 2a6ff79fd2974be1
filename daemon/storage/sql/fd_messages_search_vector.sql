-- SPDX-License-Identifier: Apache-2.0
-- A message's search vector, kept by triggers rather than a generated column, which PostgreSQL
-- recomputes on every update (delivery status changes up to three times after a send), parsing
-- and planning its expression each time.
--
-- The message that opened a ticket is not indexed beside its description: the ticket's own
-- vector (ticket_search) holds that text already, and indexing it twice doubled the work of
-- every search matching it and counted its words twice in the ranking. Ingest marks it
-- (messages.opens_ticket) and its vector stays empty. A message moved to another ticket by a
-- merge no longer opens the ticket it is on: it is unmarked and indexed.
CREATE OR REPLACE FUNCTION fd_messages_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.ticket_id IS DISTINCT FROM NEW.ticket_id THEN
        NEW.opens_ticket := false;
    END IF;
    NEW.search_vector := CASE WHEN NEW.opens_ticket THEN NULL
                              ELSE to_tsvector('english'::regconfig, left(NEW.body, 100000)) END;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS messages_search_insert ON messages;
CREATE TRIGGER messages_search_insert BEFORE INSERT ON messages
FOR EACH ROW EXECUTE FUNCTION fd_messages_search_vector();

DROP TRIGGER IF EXISTS messages_search_update ON messages;
CREATE TRIGGER messages_search_update
BEFORE UPDATE OF body, ticket_id ON messages
FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
EXECUTE FUNCTION fd_messages_search_vector();
