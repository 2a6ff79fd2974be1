-- SPDX-License-Identifier: Apache-2.0
-- Microseconds since the Unix epoch, as the SLA scheduler sends them, to a timestamp (the
-- inverse of fd_sla_us). STABLE so the planner inlines it, as fd_sla_us explains.
CREATE OR REPLACE FUNCTION fd_sla_ts(us bigint) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT timestamptz 'epoch' + us * interval '1 microsecond' $$;
