-- SPDX-License-Identifier: Apache-2.0
-- fd_sla_minutes_remaining without its calendar lookup: the caller joined sla_calendars and
-- says whether the ticket's calendar is published. An unpublished one (the built-in 24x7) is
-- wall-clock time, where both of fd_sla_minutes_remaining's branches come to
-- floor((due - as_of) / 60 s).
CREATE OR REPLACE FUNCTION fd_sla_minutes_left(p_published boolean, p_calendar text, p_due timestamptz,
                                    p_met timestamptz, p_as_of timestamptz)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE
        WHEN p_met IS NOT NULL OR p_due IS NULL THEN NULL
        WHEN NOT p_published THEN floor(extract(epoch FROM p_due - p_as_of)::double precision / 60)::integer
        ELSE fd_sla_minutes_remaining(p_calendar, p_due, p_met, p_as_of)
     END $$;
