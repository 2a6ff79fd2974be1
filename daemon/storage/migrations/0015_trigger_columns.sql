-- Row triggers on the hot tables name the columns they watch.
--
-- PostgreSQL parses and plans a trigger's WHEN clause again at the start of every statement
-- that could fire the trigger. With `UPDATE OF <columns>` it skips an UPDATE that sets none
-- of those columns before looking at the WHEN clause at all, so the update ingest makes on
-- every inbound message (the ticket's activity times, see fd_ingest) fires nothing. The WHEN
-- clauses are unchanged: a column an UPDATE does not set cannot change.

DROP TRIGGER tickets_sla_update ON tickets;
CREATE TRIGGER tickets_sla_update
AFTER UPDATE OF status, priority, category, customer_id, first_response_at, resolved_at, closed_at ON tickets
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                   OR OLD.priority IS DISTINCT FROM NEW.priority
                   OR OLD.category IS DISTINCT FROM NEW.category
                   OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
                   OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
                   OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
                   OR OLD.closed_at IS DISTINCT FROM NEW.closed_at)
EXECUTE FUNCTION fd_sla_track();

DROP TRIGGER tickets_search_update ON tickets;
CREATE TRIGGER tickets_search_update
BEFORE UPDATE OF number, subject, tags, description ON tickets
FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number
                   OR OLD.subject IS DISTINCT FROM NEW.subject
                   OR OLD.tags IS DISTINCT FROM NEW.tags
                   OR OLD.description IS DISTINCT FROM NEW.description)
EXECUTE FUNCTION fd_tickets_search_vector();

-- Messages are updated for their delivery status, never their text.
DROP TRIGGER messages_search_update ON messages;
CREATE TRIGGER messages_search_update
BEFORE UPDATE OF body ON messages
FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body)
EXECUTE FUNCTION fd_messages_search_vector();
