-- Recipients who ask a channel to stop (SMS STOP and its synonyms) land in channel_opt_outs,
-- and the outbox worker never hands a row for them to the plugin. An inbound message whose
-- channel recognised an opt-out keyword carries metadata {"optOut": "stop"|"start", "from":
-- <number>, "keyword": <word>}; the opt-out changes in the same transaction that stores the
-- message, so it is never lost.
CREATE OR REPLACE FUNCTION fd_messages_opt_out() RETURNS trigger
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

DROP TRIGGER IF EXISTS messages_opt_out ON messages;
CREATE TRIGGER messages_opt_out AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'inbound' AND NEW.metadata ? 'optOut')
    EXECUTE FUNCTION fd_messages_opt_out();
