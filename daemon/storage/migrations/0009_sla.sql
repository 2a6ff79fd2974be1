-- SLA state per ticket (daemon/sla, docs/sla.md).
--
-- The database records the facts as they happen, in the transaction that changes the
-- ticket: a trigger on tickets notes when the ticket waited on the customer, when a reopen
-- restarted the resolution clock, and marks the row for recomputation. The daemon's SLA
-- scheduler (C++, which knows the policies and business-hours calendars) recomputes due
-- times and keeps one indexed timer per ticket, next_event_at, so a scheduler pass reads only
-- the rows that are due or marked, never the open tickets as a whole.

-- Timestamps cross to the scheduler as microseconds since the Unix epoch, exactly. STABLE
-- as their bodies are (timestamptz arithmetic is), so the planner inlines them: a call
-- that cannot be inlined costs a function invocation per row of a scheduler pass.
CREATE FUNCTION fd_sla_us(ts timestamptz) RETURNS bigint
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT (extract(epoch FROM ts) * 1000000)::bigint $$;

CREATE FUNCTION fd_sla_ts(us bigint) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT timestamptz 'epoch' + us * interval '1 microsecond' $$;

CREATE TABLE ticket_sla (
    ticket_id                bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    policy                   text,
    calendar                 text,
    -- Facts kept by the trigger below.
    resolution_started_at    timestamptz NOT NULL,
    paused_since             timestamptz,
    pauses                   tstzmultirange NOT NULL DEFAULT '{}',
    -- Computed by the scheduler.
    first_response_due       timestamptz,
    first_response_warn_at   timestamptz,
    resolution_due           timestamptz,
    resolution_warn_at       timestamptz,
    first_response_warned    boolean     NOT NULL DEFAULT false,
    first_response_breached  boolean     NOT NULL DEFAULT false,
    resolution_warned        boolean     NOT NULL DEFAULT false,
    resolution_breached      boolean     NOT NULL DEFAULT false,
    -- When the scheduler must look at the ticket next: '-infinity' = facts changed,
    -- recompute now; NULL = nothing left to time.
    next_event_at            timestamptz,
    next_event_kind          text        CHECK (next_event_kind IN (
                                 'recompute', 'first_response.warning', 'first_response.breached',
                                 'resolution.warning', 'resolution.breached')),
    computed_at              timestamptz
);
CREATE INDEX ticket_sla_next_event ON ticket_sla (next_event_at) WHERE next_event_at IS NOT NULL;

-- Calendars as the daemon last published them, so SQL can count business time for the
-- ticket JSON's minutes remaining. `week` maps the weekday (0 = Sunday) to [[opens, closes],
-- ...] in minutes after local midnight, closes <= opens running past midnight.
CREATE TABLE sla_calendars (
    name        text        PRIMARY KEY,
    time_zone   text        NOT NULL,
    week        jsonb       NOT NULL,
    holidays    date[]      NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION fd_sla_track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- Callers stamp updated_at with their clock (ingest passes its own); fall back to now().
    v_at       timestamptz := CASE WHEN TG_OP = 'UPDATE' AND NEW.updated_at IS DISTINCT FROM OLD.updated_at
                                   THEN NEW.updated_at ELSE now() END;
    v_paused   boolean := NEW.status = 'waiting_customer';
    v_reopened boolean := TG_OP = 'UPDATE' AND OLD.status IN ('resolved', 'closed')
                          AND NEW.status NOT IN ('resolved', 'closed');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ticket_sla (ticket_id, resolution_started_at, paused_since, next_event_at,
                                next_event_kind)
        VALUES (NEW.id, NEW.created_at, CASE WHEN v_paused THEN NEW.created_at END, '-infinity',
                'recompute');
    ELSE
        UPDATE ticket_sla s SET
            paused_since = CASE WHEN v_paused THEN coalesce(s.paused_since, v_at) END,
            pauses = CASE WHEN NOT v_paused AND s.paused_since IS NOT NULL
                          THEN s.pauses + tstzmultirange(tstzrange(s.paused_since,
                                                                   greatest(v_at, s.paused_since)))
                          ELSE s.pauses END,
            resolution_started_at = CASE WHEN v_reopened THEN v_at ELSE s.resolution_started_at END,
            resolution_warned = s.resolution_warned AND NOT v_reopened,
            resolution_breached = s.resolution_breached AND NOT v_reopened,
            next_event_at = '-infinity',
            next_event_kind = 'recompute'
        WHERE s.ticket_id = NEW.id;
    END IF;
    PERFORM pg_notify('fd_sla', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER tickets_sla_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION fd_sla_track();

CREATE TRIGGER tickets_sla_update AFTER UPDATE ON tickets
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                   OR OLD.priority IS DISTINCT FROM NEW.priority
                   OR OLD.category IS DISTINCT FROM NEW.category
                   OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
                   OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
                   OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
                   OR OLD.closed_at IS DISTINCT FROM NEW.closed_at)
EXECUTE FUNCTION fd_sla_track();

-- Tickets that existed before this migration get their clocks at the first scheduler pass;
-- a ticket waiting on the customer now is taken to have started waiting at its last update.
INSERT INTO ticket_sla (ticket_id, resolution_started_at, paused_since, next_event_at, next_event_kind)
SELECT id, created_at, CASE WHEN status = 'waiting_customer' THEN updated_at END, '-infinity',
       'recompute'
FROM tickets;

-- Business seconds in [p_from, p_to) on a published calendar; wall-clock seconds for the
-- built-in 24x7 calendar (or one no daemon has published).
CREATE FUNCTION fd_sla_business_seconds(p_calendar text, p_from timestamptz, p_to timestamptz)
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

-- Business minutes left on a target as of p_as_of (negative once overdue); NULL once met
-- or unknown.
CREATE FUNCTION fd_sla_minutes_remaining(p_calendar text, p_due timestamptz, p_met timestamptz,
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

-- Replaces 0005's interim version (same signature, so the API and /stats keep calling it):
-- the policy and due times the scheduler computed, and a target counts as breached as soon
-- as its due time passes unmet, even in the second before the scheduler flags it.
CREATE OR REPLACE FUNCTION fd_ticket_sla(t tickets, p_now timestamptz,
                                         OUT policy text,
                                         OUT first_response_due timestamptz,
                                         OUT resolution_due timestamptz,
                                         OUT first_response_breached boolean,
                                         OUT resolution_breached boolean,
                                         OUT met boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT x.policy, x.first_response_due, x.resolution_due, x.frb, x.rb,
           CASE WHEN x.frb OR x.rb THEN false WHEN t.resolved_at IS NOT NULL THEN true END
    FROM (SELECT coalesce(s.policy, 'default') AS policy, s.first_response_due, s.resolution_due,
                 coalesce(s.first_response_breached
                          OR t.first_response_at > s.first_response_due
                          OR (t.first_response_at IS NULL AND s.paused_since IS NULL
                              AND t.status NOT IN ('resolved', 'closed')
                              AND p_now > s.first_response_due), false) AS frb,
                 coalesce(s.resolution_breached
                          OR coalesce(t.resolved_at, t.closed_at) > s.resolution_due
                          OR (t.resolved_at IS NULL AND t.closed_at IS NULL
                              AND s.paused_since IS NULL AND p_now > s.resolution_due), false) AS rb
          FROM (SELECT 1) AS one
          LEFT JOIN ticket_sla s ON s.ticket_id = t.id) x
$$;

-- The ticket JSON's `sla` object (DESIGN.md "SLA") with business minutes remaining, which are
-- left out once their target is met (or the ticket resolved, for first response).
-- PL/pgSQL on purpose: it runs once per ticket of a list, and its statements' plans are kept
-- for the session (a nested SQL function would be planned again on every call).
CREATE FUNCTION fd_ticket_sla_json(t tickets, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    x       record := fd_ticket_sla(t, p_now);
    s       ticket_sla;
    v_as_of timestamptz;
BEGIN
    SELECT * INTO s FROM ticket_sla WHERE ticket_id = t.id;
    -- While paused the count is frozen: the scheduler computed the due times as if the
    -- clock restarted when it last looked, so count from then.
    v_as_of := CASE WHEN s.paused_since IS NULL THEN p_now ELSE greatest(s.paused_since, s.computed_at) END;
    RETURN jsonb_build_object(
        'policy', x.policy,
        'calendar', coalesce(s.calendar, '24x7'),
        'firstResponseDue', fd_iso(x.first_response_due),
        'firstResponseAt', fd_iso(t.first_response_at),
        'resolutionDue', fd_iso(x.resolution_due),
        'resolvedAt', fd_iso(t.resolved_at),
        'firstResponseBreached', x.first_response_breached,
        'resolutionBreached', x.resolution_breached,
        'paused', s.paused_since IS NOT NULL)
        || jsonb_strip_nulls(jsonb_build_object(
        'firstResponseMinutesRemaining',
            CASE WHEN t.status NOT IN ('resolved', 'closed') THEN
                fd_sla_minutes_remaining(s.calendar, s.first_response_due, t.first_response_at, v_as_of) END,
        'resolutionMinutesRemaining',
            fd_sla_minutes_remaining(s.calendar, s.resolution_due, coalesce(t.resolved_at, t.closed_at),
                                     v_as_of)));
END;
$$;

-- Every ticket the API serves (one ticket or a list) carries the full `sla` object: 0005's
-- fd_ticket_json stays as fd_ticket_json_base, and fd_ticket_json, same signature, puts this
-- migration's `sla` object in place of the interim one.
ALTER FUNCTION fd_ticket_json(tickets, boolean, boolean) RENAME TO fd_ticket_json_base;

CREATE FUNCTION fd_ticket_json(t tickets, p_staff boolean, p_with_messages boolean)
RETURNS jsonb
LANGUAGE sql STABLE
AS $$ SELECT fd_ticket_json_base(t, p_staff, p_with_messages)
             || jsonb_build_object('sla', fd_ticket_sla_json(t, now())) $$;

-- SLA compliance of the tickets created in [p_from, p_to), per agent, team and priority:
-- met (resolved with no target breached), breached (any target), at risk (open, not breached,
-- past a warning threshold) and open (neither resolved nor breached). The key is the agent
-- or team id (NULL: unassigned / no team) or the priority name.
CREATE FUNCTION fd_sla_compliance(p_from timestamptz, p_to timestamptz, p_now timestamptz)
RETURNS TABLE (dimension text, key text, met bigint, breached bigint, at_risk bigint, open bigint)
LANGUAGE sql STABLE
AS $$
    WITH r AS (
        SELECT t.assigned_to, t.team_id, t.priority, x.met,
               x.first_response_breached OR x.resolution_breached AS breached,
               coalesce(s.first_response_warned OR s.resolution_warned, false) AS warned
        FROM tickets t
        CROSS JOIN LATERAL fd_ticket_sla(t, p_now) x
        LEFT JOIN ticket_sla s ON s.ticket_id = t.id
        WHERE t.created_at >= p_from AND t.created_at < p_to AND t.merged_into IS NULL
    )
    SELECT CASE WHEN GROUPING(r.assigned_to) = 0 THEN 'agent'
                WHEN GROUPING(r.team_id) = 0 THEN 'team' ELSE 'priority' END,
           CASE WHEN GROUPING(r.assigned_to) = 0 THEN r.assigned_to::text
                WHEN GROUPING(r.team_id) = 0 THEN r.team_id::text ELSE r.priority END,
           count(*) FILTER (WHERE r.met),
           count(*) FILTER (WHERE r.breached),
           count(*) FILTER (WHERE r.met IS NULL AND NOT r.breached AND r.warned),
           count(*) FILTER (WHERE r.met IS NULL AND NOT r.breached)
    FROM r
    GROUP BY GROUPING SETS ((r.assigned_to), (r.team_id), (r.priority))
$$;
