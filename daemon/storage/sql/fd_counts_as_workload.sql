-- SPDX-License-Identifier: Apache-2.0
-- Whether a ticket in this status counts toward its assignee's workload (agents.open_tickets,
-- kept by fd_track_workload): while it is active, as in daemon/core/status.cpp is_active():
-- assigned, in_progress, waiting_customer, waiting_internal, escalated, reopened.
CREATE OR REPLACE FUNCTION fd_counts_as_workload(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT status IN ('assigned', 'in_progress', 'waiting_customer', 'waiting_internal',
                        'escalated', 'reopened') $$;
