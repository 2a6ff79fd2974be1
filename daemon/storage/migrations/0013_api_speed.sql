-- The ticket JSON for lists in one set-based query, and an index that gives an agent's open
-- tickets in the order the API lists them (docs/api.md "Lists and search").
--
-- Before this, every ticket of a list ran about six statements of its own: the customer and
-- the assignee sub-selects, fd_ticket_sla and its second read of ticket_sla, and the
-- business-seconds walk of fd_sla_minutes_remaining twice; each pays an executor start-up.
-- Now a list joins customers, agents, ticket_sla and sla_calendars once and builds every
-- object with the SQL functions below, which PostgreSQL inlines into that one query.

-- Whether an SLA target is breached: as soon as its due time passes unmet, even in the second
-- before the scheduler flags it (0009's rule). `s` is the ticket's ticket_sla row, NULL if it
-- has none.
CREATE FUNCTION fd_sla_first_response_breached(t tickets, s ticket_sla, p_now timestamptz)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(s.first_response_breached
                      OR t.first_response_at > s.first_response_due
                      OR (t.first_response_at IS NULL AND s.paused_since IS NULL
                          AND t.status NOT IN ('resolved', 'closed')
                          AND p_now > s.first_response_due), false) $$;

CREATE FUNCTION fd_sla_resolution_breached(t tickets, s ticket_sla, p_now timestamptz)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(s.resolution_breached
                      OR coalesce(t.resolved_at, t.closed_at) > s.resolution_due
                      OR (t.resolved_at IS NULL AND t.closed_at IS NULL
                          AND s.paused_since IS NULL AND p_now > s.resolution_due), false) $$;

-- fd_sla_minutes_remaining without its calendar lookup: the caller joined sla_calendars and
-- says whether the ticket's calendar is published. An unpublished one (the built-in 24x7) is
-- wall-clock time, where both of fd_sla_minutes_remaining's branches come to
-- floor((due - as_of) / 60 s).
CREATE FUNCTION fd_sla_minutes_left(p_published boolean, p_calendar text, p_due timestamptz,
                                    p_met timestamptz, p_as_of timestamptz)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE
        WHEN p_met IS NOT NULL OR p_due IS NULL THEN NULL
        WHEN NOT p_published THEN floor(extract(epoch FROM p_due - p_as_of)::double precision / 60)::integer
        ELSE fd_sla_minutes_remaining(p_calendar, p_due, p_met, p_as_of)
     END $$;

-- The ticket JSON's `sla` object (DESIGN.md "SLA", docs/sla.md). Minutes remaining are left
-- out once their target is met (or the ticket resolved, for first response); while paused
-- the count is frozen at the later of the pause and the scheduler's last look, from which
-- the scheduler computed the due times.
CREATE FUNCTION fd_ticket_sla_object(t tickets, s ticket_sla, p_published boolean,
                                     p_now timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT jsonb_build_object(
        'policy', coalesce(s.policy, 'default'),
        'calendar', coalesce(s.calendar, '24x7'),
        'firstResponseDue', fd_iso(s.first_response_due),
        'firstResponseAt', fd_iso(t.first_response_at),
        'resolutionDue', fd_iso(s.resolution_due),
        'resolvedAt', fd_iso(t.resolved_at),
        'firstResponseBreached', fd_sla_first_response_breached(t, s, p_now),
        'resolutionBreached', fd_sla_resolution_breached(t, s, p_now),
        'paused', s.paused_since IS NOT NULL)
     || jsonb_strip_nulls(jsonb_build_object(
        'firstResponseMinutesRemaining',
            CASE WHEN t.status NOT IN ('resolved', 'closed') THEN
                fd_sla_minutes_left(p_published, s.calendar, s.first_response_due, t.first_response_at,
                                    CASE WHEN s.paused_since IS NULL THEN p_now
                                         ELSE greatest(s.paused_since, s.computed_at) END) END,
        'resolutionMinutesRemaining',
            fd_sla_minutes_left(p_published, s.calendar, s.resolution_due,
                                coalesce(t.resolved_at, t.closed_at),
                                CASE WHEN s.paused_since IS NULL THEN p_now
                                     ELSE greatest(s.paused_since, s.computed_at) END))) $$;

-- The one JSON shape of a ticket, without messages, from the rows joined to it: its customer,
-- its assignee and its ticket_sla row (each NULL when missing) and whether its SLA calendar is
-- published. Customers never see resolution notes. json rather than jsonb: written straight
-- as text, it costs about a third less than jsonb's binary form and its conversion back.
CREATE FUNCTION fd_ticket_object(t tickets, c customers, a agents, s ticket_sla,
                                 p_published boolean, p_staff boolean, p_now timestamptz)
RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT json_build_object(
  'id', t.id,
  'ticketNumber', t.number,
  'subject', t.subject,
  'description', t.description,
  'category', t.category,
  'priority', t.priority,
  'status', t.status,
  'channel', t.channel,
  'customer', CASE WHEN c.id IS NOT NULL THEN json_build_object('id', c.id, 'name', c.name) END,
  'assignedTo', CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'name', a.name) END,
  'escalationLevel', t.escalation_level,
  'tags', to_json(t.tags),
  'language', t.language,
  'resolution', CASE WHEN t.resolution_type IS NOT NULL THEN json_build_object(
      'type', t.resolution_type, 'summary', t.resolution_summary,
      'notes', CASE WHEN p_staff THEN t.resolution_notes END) END,
  'mergedInto', t.merged_into,
  'followUpOf', t.follow_up_of,
  'createdAt', fd_iso(t.created_at),
  'updatedAt', fd_iso(t.updated_at),
  'firstResponseAt', fd_iso(t.first_response_at),
  'resolvedAt', fd_iso(t.resolved_at),
  'closedAt', fd_iso(t.closed_at),
  'sla', fd_ticket_sla_object(t, s, p_published, p_now)) $$;

-- The objects of a list's tickets, with their position in p_ids (ids of missing tickets give no
-- row): `SELECT json_agg(ticket ORDER BY ord) FROM fd_ticket_objects(ids, staff)`. A plain SQL
-- set-returning function, so PostgreSQL inlines it into the calling statement, whose plan the
-- daemon keeps: no separate plan or executor per call.
CREATE FUNCTION fd_ticket_objects(p_ids bigint[], p_staff boolean)
RETURNS TABLE (ord bigint, ticket json)
LANGUAGE sql STABLE
AS $$ SELECT i.ord, fd_ticket_object(t, c, a, s, cal.name IS NOT NULL, p_staff, now())
      FROM unnest(p_ids) WITH ORDINALITY AS i(id, ord)
      JOIN tickets t ON t.id = i.id
      LEFT JOIN customers c ON c.id = t.customer_id
      LEFT JOIN agents a ON a.id = t.assigned_to
      LEFT JOIN ticket_sla s ON s.ticket_id = t.id
      LEFT JOIN sla_calendars cal ON cal.name = s.calendar $$;

-- One ticket (GET /tickets/:id and the answers of changes), with its messages when asked:
-- the same object as in lists.
CREATE OR REPLACE FUNCTION fd_ticket_json(t tickets, p_staff boolean, p_with_messages boolean)
RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v jsonb;
BEGIN
  SELECT fd_ticket_object(t, c, a, s, cal.name IS NOT NULL, p_staff, now())::jsonb INTO v
  FROM (SELECT 1) AS one
  LEFT JOIN customers c ON c.id = t.customer_id
  LEFT JOIN agents a ON a.id = t.assigned_to
  LEFT JOIN ticket_sla s ON s.ticket_id = t.id
  LEFT JOIN sla_calendars cal ON cal.name = s.calendar;
  IF NOT p_with_messages THEN
    RETURN v;
  END IF;
  RETURN v || jsonb_build_object('messages', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
      'id', m.id,
      'author', jsonb_build_object('kind', m.author_kind, 'id', m.author_id),
      'direction', m.direction,
      'isInternal', m.is_internal,
      'channel', m.channel,
      'subject', m.subject,
      'message', m.body,
      'deliveryStatus', m.delivery_status,
      'createdAt', fd_iso(m.created_at),
      'attachments', coalesce((
        SELECT jsonb_agg(jsonb_build_object('id', x.id, 'fileName', x.filename,
                                            'contentType', x.content_type, 'size', x.size)
                         ORDER BY x.id)
        FROM attachments x WHERE x.message_id = m.id), '[]'::jsonb)
            || CASE WHEN m.metadata ? 'links' THEN m.metadata -> 'links' ELSE '[]'::jsonb END
    ) ORDER BY m.id)
    FROM messages m WHERE m.ticket_id = t.id AND (p_staff OR NOT m.is_internal)), '[]'::jsonb));
END;
$$;

-- 0009's two SLA functions, same signatures and meaning, on the definitions above.
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
                 fd_sla_first_response_breached(t, s, p_now) AS frb,
                 fd_sla_resolution_breached(t, s, p_now) AS rb
          FROM (SELECT 1) AS one
          LEFT JOIN ticket_sla s ON s.ticket_id = t.id) x
$$;

CREATE OR REPLACE FUNCTION fd_ticket_sla_json(t tickets, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN (SELECT fd_ticket_sla_object(t, s, cal.name IS NOT NULL, p_now)
          FROM (SELECT 1) AS one
          LEFT JOIN ticket_sla s ON s.ticket_id = t.id
          LEFT JOIN sla_calendars cal ON cal.name = s.calendar);
END;
$$;

-- An agent's open tickets newest first (GET /tickets?status=open&assignedTo=me, the
-- dashboard) read straight off this index, ties broken by id as the API sorts, and counted
-- from it alone. It replaces 0005's index on the first two columns.
CREATE INDEX tickets_assignee_open_page ON tickets (assigned_to, created_at DESC, id DESC)
    WHERE status <> 'closed';
DROP INDEX tickets_assignee_open;
