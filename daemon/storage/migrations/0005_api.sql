-- The REST API's schema: full-text search over tickets and messages, the indexes behind the
-- list filters and the agent dashboard, the one JSON shape of a ticket, and interim SLA
-- figures (seed 003 targets) that the SLA scheduler's migration replaces.

-- array_to_string is only STABLE in general (element output functions may depend on
-- settings); for text[] it is immutable, which generated columns require.
CREATE FUNCTION fd_tags_text(tags text[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT array_to_string(tags, ' ') $$;

-- Generated columns: PostgreSQL keeps them right on every insert and update without a
-- trigger round, and ingest pays only the to_tsvector of what it writes.
ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, number), 'A') ||
    setweight(to_tsvector('english'::regconfig, subject), 'A') ||
    setweight(to_tsvector('english'::regconfig, fd_tags_text(tags)), 'B') ||
    setweight(to_tsvector('english'::regconfig, left(description, 100000)), 'C')) STORED;
CREATE INDEX tickets_search ON tickets USING gin (search_vector);

ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('english'::regconfig, left(body, 100000))) STORED;
CREATE INDEX messages_search ON messages USING gin (search_vector);

-- List filters and the dashboard. "open" in the API means "not closed".
CREATE INDEX tickets_assignee_open ON tickets (assigned_to, created_at DESC)
    WHERE status <> 'closed';
CREATE INDEX tickets_open_created ON tickets (created_at DESC) WHERE status <> 'closed';
CREATE INDEX tickets_priority_open ON tickets (priority, created_at DESC)
    WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_category ON tickets (category, created_at DESC);
CREATE INDEX tickets_channel ON tickets (channel, created_at DESC);
CREATE INDEX tickets_tags ON tickets USING gin (tags);
CREATE INDEX tickets_updated ON tickets (updated_at DESC);
CREATE INDEX audit_events_created ON audit_events (created_at);

-- Interim SLA: seed 003's targets per priority on a 24x7 clock. The SLA issue replaces
-- fd_sla_targets and fd_ticket_sla (policies, calendars, pauses); the API and /stats call
-- only these two functions.
CREATE FUNCTION fd_sla_targets(priority text, OUT first_response interval,
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

-- A ticket's SLA state. `met` is null while undecided (not resolved yet and no target
-- missed), else whether both the first response and the resolution were in time.
CREATE FUNCTION fd_ticket_sla(t tickets, p_now timestamptz,
                              OUT policy text,
                              OUT first_response_due timestamptz,
                              OUT resolution_due timestamptz,
                              OUT first_response_breached boolean,
                              OUT resolution_breached boolean,
                              OUT met boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT 'default',
           t.created_at + s.first_response,
           t.created_at + s.resolution,
           coalesce(t.first_response_at, p_now) > t.created_at + s.first_response,
           coalesce(t.resolved_at, p_now) > t.created_at + s.resolution,
           CASE WHEN coalesce(t.first_response_at, p_now) > t.created_at + s.first_response
                  OR coalesce(t.resolved_at, p_now) > t.created_at + s.resolution THEN false
                WHEN t.resolved_at IS NOT NULL THEN true END
    FROM fd_sla_targets(t.priority) s
$$;

-- The one JSON shape of a ticket. Lists leave out messages; customers never see internal
-- notes or resolution notes.
CREATE FUNCTION fd_ticket_json(t tickets, p_staff boolean, p_with_messages boolean)
RETURNS jsonb
LANGUAGE sql STABLE
AS $$
SELECT jsonb_build_object(
  'id', t.id,
  'ticketNumber', t.number,
  'subject', t.subject,
  'description', t.description,
  'category', t.category,
  'priority', t.priority,
  'status', t.status,
  'channel', t.channel,
  'customer', (SELECT jsonb_build_object('id', c.id, 'name', c.name)
               FROM customers c WHERE c.id = t.customer_id),
  'assignedTo', (SELECT jsonb_build_object('id', a.id, 'name', a.name)
                 FROM agents a WHERE a.id = t.assigned_to),
  'escalationLevel', t.escalation_level,
  'tags', to_jsonb(t.tags),
  'language', t.language,
  'resolution', CASE WHEN t.resolution_type IS NULL THEN NULL ELSE jsonb_build_object(
      'type', t.resolution_type, 'summary', t.resolution_summary,
      'notes', CASE WHEN p_staff THEN t.resolution_notes END) END,
  'mergedInto', t.merged_into,
  'followUpOf', t.follow_up_of,
  'createdAt', fd_iso(t.created_at),
  'updatedAt', fd_iso(t.updated_at),
  'firstResponseAt', fd_iso(t.first_response_at),
  'resolvedAt', fd_iso(t.resolved_at),
  'closedAt', fd_iso(t.closed_at),
  'sla', (SELECT jsonb_build_object(
      'policy', s.policy,
      'firstResponseDue', fd_iso(s.first_response_due),
      'firstResponseAt', fd_iso(t.first_response_at),
      'resolutionDue', fd_iso(s.resolution_due),
      'resolvedAt', fd_iso(t.resolved_at),
      'firstResponseBreached', s.first_response_breached,
      'resolutionBreached', s.resolution_breached)
    FROM fd_ticket_sla(t, now()) s))
|| CASE WHEN NOT p_with_messages THEN '{}'::jsonb ELSE jsonb_build_object('messages', coalesce((
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
    FROM messages m WHERE m.ticket_id = t.id AND (p_staff OR NOT m.is_internal)), '[]'::jsonb))
  END
$$;

-- Where a reply on a ticket goes: the customer's identity for the ticket's channel. The
-- outbox worker may refine this; the API calls only this function.
CREATE FUNCTION fd_reply_identity(p_customer bigint, p_channel text,
                                  OUT kind text, OUT value text)
LANGUAGE sql STABLE
AS $$
    SELECT ci.kind, ci.value FROM customer_identities ci
    WHERE ci.customer_id = p_customer
      AND (ci.kind = p_channel
           OR (ci.kind = 'email' AND p_channel IN ('email', 'webform', 'api'))
           OR (ci.kind = 'phone' AND p_channel IN ('sms', 'whatsapp')))
    ORDER BY ci.kind = p_channel DESC, ci.created_at
    LIMIT 1
$$;
