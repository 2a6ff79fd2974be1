-- A digit 1-5 (SMS, WhatsApp text) or a survey button (WhatsApp interactive reply) arrives
-- as metadata {"surveyAnswer": n}. It answers the customer's newest pending survey on any
-- of their tickets (the answer may open a follow-up ticket when the surveyed one is
-- closed), through fd_answer_survey so ratings and survey.answered stay in one place.
CREATE OR REPLACE FUNCTION fd_messages_survey_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_rating integer;
    v_ticket bigint;
BEGIN
    IF NEW.metadata ->> 'surveyAnswer' !~ '^[1-5]$' THEN
        RETURN NULL;
    END IF;
    v_rating := (NEW.metadata ->> 'surveyAnswer')::integer;
    SELECT s.ticket_id INTO v_ticket
    FROM surveys s JOIN tickets t ON t.id = s.ticket_id
    WHERE t.customer_id = (SELECT customer_id FROM tickets WHERE id = NEW.ticket_id)
      AND s.answered_at IS NULL AND s.expires_at > now()
    ORDER BY s.sent_at DESC
    LIMIT 1;
    IF FOUND THEN
        PERFORM fd_answer_survey(v_ticket, v_rating, '', NEW.channel, 'customer', NULL, now());
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS messages_survey_answer ON messages;
CREATE TRIGGER messages_survey_answer AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'inbound' AND NEW.metadata ? 'surveyAnswer')
    EXECUTE FUNCTION fd_messages_survey_answer();
