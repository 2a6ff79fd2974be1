-- SPDX-License-Identifier: Apache-2.0
-- Whether the resolution target is breached, by the rule of fd_sla_first_response_breached.
CREATE OR REPLACE FUNCTION fd_sla_resolution_breached(t tickets, s ticket_sla, p_now timestamptz)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(s.resolution_breached
                      OR coalesce(t.resolved_at, t.closed_at) > s.resolution_due
                      OR (t.resolved_at IS NULL AND t.closed_at IS NULL
                          AND s.paused_since IS NULL AND p_now > s.resolution_due), false) $$;
