-- Customer commands on phone channels arrive as metadata {"command": "status"|"agent"|
-- "close"}. They act in the transaction that stores the message and queue the answer
-- (an outbound message plus its outbox row) to the number that asked: `status` tells the
-- ticket's state, `agent` tags the ticket agent-requested for the rules and staff, and
-- `close` closes it (every open status may close).
CREATE OR REPLACE FUNCTION fd_messages_command() RETURNS trigger
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

DROP TRIGGER IF EXISTS messages_command ON messages;
CREATE TRIGGER messages_command AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'inbound' AND NEW.metadata ? 'command')
    EXECUTE FUNCTION fd_messages_command();
