-- SPDX-License-Identifier: Apache-2.0
-- SLA compliance of the tickets created in [p_from, p_to), per agent, team and priority:
-- met (resolved with no target breached), breached (any target), at risk (open, not breached,
-- past a warning threshold) and open (neither resolved nor breached). The key is the agent
-- or team id (NULL: unassigned / no team) or the priority name.
CREATE OR REPLACE FUNCTION fd_sla_compliance(p_from timestamptz, p_to timestamptz, p_now timestamptz)
RETURNS TABLE (dimension text, key text, met bigint, breached bigint, at_risk bigint, open bigint)
LANGUAGE sql STABLE
AS $$
    WITH r AS (
        SELECT t.assigned_to, t.team_id, t.priority, x.met,
               x.first_response_breached OR x.resolution_breached AS breached,
               coalesce(s.first_response_warned OR s.resolution_warned, false) AS warned
        FROM tickets t
        CROSS JOIN LATERAL fd_ticket_sla(t, p_now) x
        LEFT JOIN ticket_sla s ON s.ticket_id = t.id
        WHERE t.created_at >= p_from AND t.created_at < p_to AND t.merged_into IS NULL
    )
    SELECT CASE WHEN GROUPING(r.assigned_to) = 0 THEN 'agent'
                WHEN GROUPING(r.team_id) = 0 THEN 'team' ELSE 'priority' END,
           CASE WHEN GROUPING(r.assigned_to) = 0 THEN r.assigned_to::text
                WHEN GROUPING(r.team_id) = 0 THEN r.team_id::text ELSE r.priority END,
           count(*) FILTER (WHERE r.met),
           count(*) FILTER (WHERE r.breached),
           count(*) FILTER (WHERE r.met IS NULL AND NOT r.breached AND r.warned),
           count(*) FILTER (WHERE r.met IS NULL AND NOT r.breached)
    FROM r
    GROUP BY GROUPING SETS ((r.assigned_to), (r.team_id), (r.priority))
$$;
