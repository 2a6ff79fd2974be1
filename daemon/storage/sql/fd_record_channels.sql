-- SPDX-License-Identifier: Apache-2.0
-- The channels the daemons on this database deliver through (channel_settings): each daemon
-- records its configuration at start-up, and the ticket domain's reply routing reads it.
-- p_enabled, p_disabled: comma-separated channel names.
CREATE OR REPLACE FUNCTION fd_record_channels(p_enabled text, p_disabled text) RETURNS void
LANGUAGE sql
AS $$
    INSERT INTO channel_settings (name, enabled)
    SELECT c, true FROM unnest(string_to_array(nullif(p_enabled, ''), ',')) AS c
    UNION ALL
    SELECT c, false FROM unnest(string_to_array(nullif(p_disabled, ''), ',')) AS c
    ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()
$$;
