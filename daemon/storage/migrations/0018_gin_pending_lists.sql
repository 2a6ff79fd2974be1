-- Smaller pending lists for the GIN indexes that every inbound message or new ticket adds to.
--
-- A GIN index buffers new entries in a pending list and merges them into the index when the
-- list outgrows gin_pending_list_limit (4 MB by default). The statement that crosses the
-- limit does the whole merge: measured under the webhook benchmark, one message insert in
-- ten thousand took over 200 ms, stalling its whole ingest group. At 256 kB a merge is a
-- sixteenth of that and the total work about the same.
ALTER INDEX messages_search SET (gin_pending_list_limit = 256);
ALTER INDEX tickets_search SET (gin_pending_list_limit = 256);
ALTER INDEX tickets_tags SET (gin_pending_list_limit = 256);
