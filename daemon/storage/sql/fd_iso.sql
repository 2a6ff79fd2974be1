-- SPDX-License-Identifier: Apache-2.0
-- ISO 8601 UTC text for API answers, e.g. 2026-11-21T06:05:00.123Z. It formats every
-- timestamp of every ticket the API returns. STABLE, as its body (to_char) is: declared
-- IMMUTABLE over a STABLE body, PostgreSQL could not inline it and ran it as a separate SQL
-- function per call, a tenth of a millisecond each.
CREATE OR REPLACE FUNCTION fd_iso(ts timestamptz) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
