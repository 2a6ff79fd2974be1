-- What each merge moved, so that unmerge can put it back: the messages and thread keys that
-- went to the survivor, the tags it gained, and the duplicate's resolution before it closed.
CREATE TABLE ticket_merges (
    id                 bigserial   PRIMARY KEY,
    duplicate_id       bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    survivor_id        bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    message_ids        bigint[]    NOT NULL,
    thread_keys        jsonb       NOT NULL DEFAULT '[]',
    tags_added         text[]      NOT NULL DEFAULT '{}',
    resolution_before  jsonb       NOT NULL DEFAULT '{}',
    merged_at          timestamptz NOT NULL DEFAULT now(),
    unmerged_at        timestamptz
);
CREATE INDEX ticket_merges_duplicate ON ticket_merges (duplicate_id, id);
CREATE INDEX ticket_merges_survivor ON ticket_merges (survivor_id);
