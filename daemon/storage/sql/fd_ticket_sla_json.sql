-- SPDX-License-Identifier: Apache-2.0
-- The ticket JSON's `sla` object for one ticket (fd_ticket_sla_object over its ticket_sla row
-- and calendar). PL/pgSQL on purpose: its statements' plans are kept for the session (a nested
-- SQL function would be planned again on every call).
CREATE OR REPLACE FUNCTION fd_ticket_sla_json(t tickets, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN (SELECT fd_ticket_sla_object(t, s, cal.name IS NOT NULL, p_now)
          FROM (SELECT 1) AS one
          LEFT JOIN ticket_sla s ON s.ticket_id = t.id
          LEFT JOIN sla_calendars cal ON cal.name = s.calendar);
END;
$$;
