-- SPDX-License-Identifier: Apache-2.0
-- One ticket (GET /tickets/:id and the answers of changes), with its messages when asked: the
-- same object as in lists (fd_ticket_object). Customers never see internal notes. PL/pgSQL, so
-- PostgreSQL keeps its statements' plans for the session.
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
      'language', m.language,
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
