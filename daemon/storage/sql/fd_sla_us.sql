-- SPDX-License-Identifier: Apache-2.0
-- Timestamps cross to the SLA scheduler as microseconds since the Unix epoch, exactly
-- (fd_sla_ts is the way back). STABLE as their bodies are (timestamptz arithmetic is), so the
-- planner inlines them: a call that cannot be inlined costs a function invocation per row of
-- a scheduler pass.
CREATE OR REPLACE FUNCTION fd_sla_us(ts timestamptz) RETURNS bigint
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT (extract(epoch FROM ts) * 1000000)::bigint $$;
