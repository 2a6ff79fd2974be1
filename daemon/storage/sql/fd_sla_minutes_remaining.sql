-- SPDX-License-Identifier: Apache-2.0
-- Business minutes left on a target as of p_as_of (negative once overdue); NULL once met
-- or unknown.
CREATE OR REPLACE FUNCTION fd_sla_minutes_remaining(p_calendar text, p_due timestamptz, p_met timestamptz,
                                         p_as_of timestamptz)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN p_met IS NOT NULL OR p_due IS NULL THEN NULL
        WHEN p_as_of <= p_due THEN floor(fd_sla_business_seconds(p_calendar, p_as_of, p_due) / 60)::integer
        ELSE -ceil(fd_sla_business_seconds(p_calendar, p_due, p_as_of) / 60)::integer
    END
$$;
