-- SPDX-License-Identifier: Apache-2.0
-- A message's number in its conversation (migration 0041): the next from the counter of the
-- conversation of the ticket it is on, for a message stored by a single write (an agent's
-- reply, a rule's answer) and for one moved to another customer's or channel's conversation
-- by a merge or unmerge, where it is new to that conversation's clients. Moves within one
-- conversation (a split) keep their numbers. The counter's row stays locked until the
-- commit, so numbers follow the commits. Internal notes are not part of a conversation.
-- fd_ingest_batch numbers its groups itself, set-based, so this trigger skips its rows.
CREATE OR REPLACE FUNCTION fd_conversation_seq() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.conversation_seq IS NOT NULL AND EXISTS (
        SELECT 1 FROM tickets o JOIN tickets n ON n.customer_id = o.customer_id AND n.channel = o.channel
        WHERE o.id = OLD.ticket_id AND n.id = NEW.ticket_id) THEN
        RETURN NEW;
    END IF;
    INSERT INTO conversation_counters AS c (customer_id, channel, last_seq)
    SELECT t.customer_id, t.channel, 1 FROM tickets t WHERE t.id = NEW.ticket_id
    ON CONFLICT (customer_id, channel) DO UPDATE SET last_seq = c.last_seq + 1
    RETURNING c.last_seq INTO NEW.conversation_seq;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS messages_conversation_seq_insert ON messages;
CREATE TRIGGER messages_conversation_seq_insert BEFORE INSERT ON messages
FOR EACH ROW WHEN (NEW.conversation_seq IS NULL AND NOT NEW.is_internal)
EXECUTE FUNCTION fd_conversation_seq();

DROP TRIGGER IF EXISTS messages_conversation_seq_move ON messages;
CREATE TRIGGER messages_conversation_seq_move BEFORE UPDATE OF ticket_id ON messages
FOR EACH ROW WHEN (OLD.ticket_id IS DISTINCT FROM NEW.ticket_id AND NOT NEW.is_internal)
EXECUTE FUNCTION fd_conversation_seq();
