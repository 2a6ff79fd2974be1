-- The audit trail's ticket_id is no longer a foreign key.
--
-- Every event is written by a transaction that holds its ticket (ingest, the API, the rules
-- runtime, the SLA scheduler, the ticket's own triggers), and nothing deletes tickets: merged
-- and closed ones stay. The key's check cost a query and a lock on the ticket row per event,
-- a fifth of an SLA scheduler pass over 1,000 due timers (docs/sla.md, "Benchmark") and a
-- share of every ingest group, to guard against a write no code makes. Should an operator
-- delete a ticket by hand, its history now stays in the trail instead of vanishing with it.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_ticket_id_fkey;
