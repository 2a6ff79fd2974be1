-- SPDX-License-Identifier: Apache-2.0
-- A ticket's SLA state, for the API and /stats: the policy and due times the scheduler
-- computed (ticket_sla), and whether each target is breached, which it is as soon as its due
-- time passes unmet, even in the second before the scheduler flags it. `met` is null while
-- undecided (not resolved yet and no target missed), else whether both the first response and
-- the resolution were in time.
CREATE OR REPLACE FUNCTION fd_ticket_sla(t tickets, p_now timestamptz,
                                         OUT policy text,
                                         OUT first_response_due timestamptz,
                                         OUT resolution_due timestamptz,
                                         OUT first_response_breached boolean,
                                         OUT resolution_breached boolean,
                                         OUT met boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT x.policy, x.first_response_due, x.resolution_due, x.frb, x.rb,
           CASE WHEN x.frb OR x.rb THEN false WHEN t.resolved_at IS NOT NULL THEN true END
    FROM (SELECT coalesce(s.policy, 'default') AS policy, s.first_response_due, s.resolution_due,
                 fd_sla_first_response_breached(t, s, p_now) AS frb,
                 fd_sla_resolution_breached(t, s, p_now) AS rb
          FROM (SELECT 1) AS one
          LEFT JOIN ticket_sla s ON s.ticket_id = t.id) x
$$;
