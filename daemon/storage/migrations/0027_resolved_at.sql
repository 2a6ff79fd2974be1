-- Rules and the customers' `close` command used to change a ticket's status without setting
-- resolved_at, so such tickets were missing from /stats' resolutions and the SLA store had
-- to guess their resolution time. Every status change now goes through the ticket domain,
-- which keeps resolved_at; tickets left without one get their closing (else last) time.
UPDATE tickets SET resolved_at = coalesce(closed_at, updated_at)
WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL;
