-- SPDX-License-Identifier: Apache-2.0
-- The ticket JSON's `sla` object (DESIGN.md "SLA", docs/sla.md). Minutes remaining are left
-- out once their target is met (or the ticket resolved, for first response); while paused
-- the count is frozen at the later of the pause and the scheduler's last look, from which
-- the scheduler computed the due times.
CREATE OR REPLACE FUNCTION fd_ticket_sla_object(t tickets, s ticket_sla, p_published boolean,
                                     p_now timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT jsonb_build_object(
        'policy', coalesce(s.policy, 'default'),
        'calendar', coalesce(s.calendar, '24x7'),
        'firstResponseDue', fd_iso(s.first_response_due),
        'firstResponseAt', fd_iso(t.first_response_at),
        'resolutionDue', fd_iso(s.resolution_due),
        'resolvedAt', fd_iso(t.resolved_at),
        'firstResponseBreached', fd_sla_first_response_breached(t, s, p_now),
        'resolutionBreached', fd_sla_resolution_breached(t, s, p_now),
        'paused', s.paused_since IS NOT NULL)
     || jsonb_strip_nulls(jsonb_build_object(
        'firstResponseMinutesRemaining',
            CASE WHEN t.status NOT IN ('resolved', 'closed') THEN
                fd_sla_minutes_left(p_published, s.calendar, s.first_response_due, t.first_response_at,
                                    CASE WHEN s.paused_since IS NULL THEN p_now
                                         ELSE greatest(s.paused_since, s.computed_at) END) END,
        'resolutionMinutesRemaining',
            fd_sla_minutes_left(p_published, s.calendar, s.resolution_due,
                                coalesce(t.resolved_at, t.closed_at),
                                CASE WHEN s.paused_since IS NULL THEN p_now
                                     ELSE greatest(s.paused_since, s.computed_at) END))) $$;
