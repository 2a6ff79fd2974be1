-- A conversation is what one customer sees of their tickets on one channel: every message but
-- internal notes (docs/livechat.md). Its messages are numbered 1, 2, ... in commit order by a
-- counter per conversation, whose row a writer keeps locked until its commit, so a message
-- that commits later always gets a higher number, on every daemon (ids are taken before the
-- commit and do not follow it). fd_conversation_seq.sql numbers single writes and moves;
-- fd_ingest_batch numbers a group at once.
CREATE TABLE conversation_counters (
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  channel text NOT NULL,
  last_seq bigint NOT NULL CHECK (last_seq > 0),
  PRIMARY KEY (customer_id, channel)
);

ALTER TABLE messages ADD COLUMN conversation_seq bigint;

-- The messages stored so far keep the numbers they had (the order of their ids).
UPDATE messages m SET conversation_seq = s.seq
FROM (SELECT m.id, row_number() OVER (PARTITION BY t.customer_id, t.channel ORDER BY m.id) AS seq
      FROM messages m JOIN tickets t ON t.id = m.ticket_id
      WHERE NOT m.is_internal) s
WHERE m.id = s.id;

INSERT INTO conversation_counters (customer_id, channel, last_seq)
SELECT t.customer_id, t.channel, max(m.conversation_seq)
FROM messages m JOIN tickets t ON t.id = m.ticket_id
WHERE m.conversation_seq IS NOT NULL
GROUP BY t.customer_id, t.channel;
