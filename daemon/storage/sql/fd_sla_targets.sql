-- SPDX-License-Identifier: Apache-2.0
-- Seed 003's SLA targets per priority on a 24x7 clock: the interim SLA from before the SLA
-- scheduler (policies, calendars, pauses; see fd_ticket_sla). Only the SLA benchmark calls it.
CREATE OR REPLACE FUNCTION fd_sla_targets(priority text, OUT first_response interval,
                               OUT resolution interval)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE priority WHEN 'urgent' THEN interval '15 minutes'
                           WHEN 'high' THEN interval '30 minutes'
                           WHEN 'medium' THEN interval '1 hour'
                           ELSE interval '2 hours' END,
             CASE priority WHEN 'urgent' THEN interval '2 hours'
                           WHEN 'high' THEN interval '4 hours'
                           WHEN 'medium' THEN interval '8 hours'
                           ELSE interval '24 hours' END $$;
