-- Messaging channels and the outbox worker: wake-ups for idle workers, lease recovery,
-- SMS opt-outs and survey answers given as a digit or a button on a phone channel.

-- Idle workers LISTEN on fd_outbox; one notification per inserting statement is enough
-- since a woken worker claims every due row it finds.
CREATE FUNCTION fd_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fd_outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION fd_outbox_notify();

-- Rows whose lease may have expired (a daemon died mid-send).
CREATE INDEX outbox_leased ON outbox (claimed_at) WHERE status = 'sending';

-- Recipients who asked a channel to stop (SMS STOP and its synonyms). The outbox worker
-- never hands a row for such a recipient to the plugin.
CREATE TABLE channel_opt_outs (
    channel         text        NOT NULL,
    identity_value  text        NOT NULL,
    keyword         text        NOT NULL,
    opted_out_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, identity_value)
);

-- An inbound message whose channel recognised an opt-out keyword carries
-- metadata {"optOut": "stop"|"start", "from": <number>, "keyword": <word>}; the opt-out
-- changes in the same transaction that stores the message, so it is never lost.
CREATE FUNCTION fd_messages_opt_out() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_from text := NEW.metadata ->> 'from';
BEGIN
    IF v_from IS NULL OR v_from = '' THEN
        RETURN NULL;
    END IF;
    IF NEW.metadata ->> 'optOut' = 'stop' THEN
        INSERT INTO channel_opt_outs (channel, identity_value, keyword)
        VALUES (NEW.channel, v_from, coalesce(NEW.metadata ->> 'keyword', 'STOP'))
        ON CONFLICT (channel, identity_value) DO UPDATE
            SET keyword = EXCLUDED.keyword, opted_out_at = now();
        INSERT INTO audit_events (ticket_id, event, actor_kind, new_value, data)
        VALUES (NEW.ticket_id, 'channel.opt_out', 'customer', to_jsonb('opted_out'::text),
                jsonb_build_object('channel', NEW.channel, 'keyword', NEW.metadata ->> 'keyword'));
    ELSIF NEW.metadata ->> 'optOut' = 'start' THEN
        DELETE FROM channel_opt_outs WHERE channel = NEW.channel AND identity_value = v_from;
        INSERT INTO audit_events (ticket_id, event, actor_kind, new_value, data)
        VALUES (NEW.ticket_id, 'channel.opt_out', 'customer', to_jsonb('opted_in'::text),
                jsonb_build_object('channel', NEW.channel, 'keyword', NEW.metadata ->> 'keyword'));
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER messages_opt_out AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'inbound' AND NEW.metadata ? 'optOut')
    EXECUTE FUNCTION fd_messages_opt_out();

-- A digit 1-5 (SMS, WhatsApp text) or a survey button (WhatsApp interactive reply) arrives
-- as metadata {"surveyAnswer": n}. It answers the customer's newest pending survey on any
-- of their tickets (the answer may open a follow-up ticket when the surveyed one is
-- closed), through fd_answer_survey so ratings and survey.answered stay in one place.
CREATE FUNCTION fd_messages_survey_answer() RETURNS trigger
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
CREATE TRIGGER messages_survey_answer AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'inbound' AND NEW.metadata ? 'surveyAnswer')
    EXECUTE FUNCTION fd_messages_survey_answer();

-- Customer commands on phone channels arrive as metadata {"command": "status"|"agent"|
-- "close"}. They act in the transaction that stores the message and queue the answer
-- (an outbound message plus its outbox row) to the number that asked: `status` tells the
-- ticket's state, `agent` tags the ticket agent-requested for the rules and staff, and
-- `close` closes it (every open status may close).
CREATE FUNCTION fd_messages_command() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_command text := NEW.metadata ->> 'command';
    v_to text := coalesce(NEW.metadata ->> 'waId', NEW.metadata ->> 'from');
    v_ticket tickets%ROWTYPE;
    v_reply text;
    v_message bigint;
BEGIN
    SELECT * INTO v_ticket FROM tickets WHERE id = NEW.ticket_id FOR NO KEY UPDATE;
    IF v_command = 'status' THEN
        v_reply := format('Ticket %s is %s.', v_ticket.number, replace(v_ticket.status, '_', ' '));
    ELSIF v_command = 'agent' THEN
        IF NOT 'agent-requested' = ANY (v_ticket.tags) THEN
            UPDATE tickets SET tags = array_append(tags, 'agent-requested'), updated_at = now()
            WHERE id = v_ticket.id;
        END IF;
        INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, new_value, data)
        VALUES (v_ticket.id, 'customer.command', 'customer', NEW.author_id, to_jsonb(v_command),
                jsonb_build_object('channel', NEW.channel, 'messageId', NEW.id));
        v_reply := format('Thanks, an agent will answer you on ticket %s as soon as possible.',
                          v_ticket.number);
    ELSIF v_command = 'close' THEN
        IF v_ticket.status <> 'closed' THEN
            UPDATE tickets SET status = 'closed', closed_at = now(), updated_at = now(),
                               resolution_type = coalesce(resolution_type, 'other'),
                               resolution_summary = coalesce(resolution_summary, 'Closed by the customer')
            WHERE id = v_ticket.id;
            INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, old_value, new_value, data)
            VALUES (v_ticket.id, 'status.changed', 'customer', NEW.author_id, to_jsonb(v_ticket.status),
                    to_jsonb('closed'::text), jsonb_build_object('channel', NEW.channel, 'command', 'close'));
        END IF;
        v_reply := format('Ticket %s is closed. Write to us again any time.', v_ticket.number);
    END IF;
    IF v_reply IS NULL OR v_to IS NULL OR v_to = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO messages (ticket_id, direction, author_kind, channel, body, metadata, delivery_status)
    VALUES (v_ticket.id, 'outbound', 'system', NEW.channel, v_reply,
            jsonb_build_object('command', v_command), 'queued')
    RETURNING id INTO v_message;
    INSERT INTO outbox (message_id, ticket_id, channel, to_kind, to_value, body)
    VALUES (v_message, v_ticket.id, NEW.channel,
            CASE NEW.channel WHEN 'whatsapp' THEN 'whatsapp' ELSE 'phone' END, v_to, v_reply);
    RETURN NULL;
END;
$$;
CREATE TRIGGER messages_command AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'inbound' AND NEW.metadata ? 'command')
    EXECUTE FUNCTION fd_messages_command();
