-- SPDX-License-Identifier: Apache-2.0
-- Whether the first-response target is breached: as soon as its due time passes unmet, even
-- in the second before the scheduler flags it. `s` is the ticket's ticket_sla row, NULL if it
-- has none. A SQL function that PostgreSQL inlines into the lists' one query (fd_ticket_objects).
CREATE OR REPLACE FUNCTION fd_sla_first_response_breached(t tickets, s ticket_sla, p_now timestamptz)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(s.first_response_breached
                      OR t.first_response_at > s.first_response_due
                      OR (t.first_response_at IS NULL AND s.paused_since IS NULL
                          AND t.status NOT IN ('resolved', 'closed')
                          AND p_now > s.first_response_due), false) $$;
