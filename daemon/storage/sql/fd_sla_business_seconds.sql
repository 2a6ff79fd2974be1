-- SPDX-License-Identifier: Apache-2.0
-- Business seconds in [p_from, p_to) on a published calendar (sla_calendars, as the daemon
-- last published them); wall-clock seconds for the built-in 24x7 calendar (or one no daemon
-- has published).
CREATE OR REPLACE FUNCTION fd_sla_business_seconds(p_calendar text, p_from timestamptz, p_to timestamptz)
RETURNS double precision
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN p_to <= p_from THEN 0
        WHEN c.name IS NULL THEN extract(epoch FROM p_to - p_from)::double precision
        ELSE coalesce((
            SELECT sum(greatest(0, extract(epoch FROM least(o.closes, p_to) - greatest(o.opens, p_from))))
            FROM generate_series(((p_from AT TIME ZONE c.time_zone)::date - 1)::timestamp,
                                 (p_to AT TIME ZONE c.time_zone)::date::timestamp,
                                 interval '1 day') AS d(day)
            CROSS JOIN LATERAL jsonb_array_elements(c.week -> extract(dow FROM d.day)::int::text) AS sp(span)
            CROSS JOIN LATERAL (SELECT
                (d.day + (sp.span ->> 0)::int * interval '1 minute') AT TIME ZONE c.time_zone AS opens,
                (d.day + CASE WHEN (sp.span ->> 1)::int <= (sp.span ->> 0)::int THEN interval '1 day'
                              ELSE interval '0' END
                       + (sp.span ->> 1)::int * interval '1 minute') AT TIME ZONE c.time_zone AS closes) o
            WHERE d.day::date <> ALL (c.holidays)), 0)::double precision
    END
    FROM (SELECT p_calendar) AS arg(name)
    LEFT JOIN sla_calendars c ON c.name = arg.name
$$;
