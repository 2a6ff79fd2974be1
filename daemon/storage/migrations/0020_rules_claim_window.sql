-- The rules runtime finds each ticket's oldest pending event within an ordered window of the
-- pending events (rules_runtime.cpp, claim_sql) instead of probing, per candidate, for an
-- earlier pending event of its ticket. Nothing reads this index any more, and every event
-- written paid for an entry in it.
DROP INDEX audit_events_rules_pending_ticket;
