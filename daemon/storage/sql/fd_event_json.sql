-- SPDX-License-Identifier: Apache-2.0
-- One published event as the stream and the webhooks send it: {id, type, at, ticket, message?,
-- change?, incident?}; a status-page incident's event has no ticket (null) and the incident
-- {id, title, status, impact, components, message} (the update's message). The ticket is the API's ticket object (fd_ticket_objects) as staff or as its
-- customer sees it; the message is the one the event names, never an internal note for a
-- customer; change holds the audit's old and new values when it has them.
CREATE OR REPLACE FUNCTION fd_event_json(a audit_events, p_type text, p_staff boolean)
RETURNS json
LANGUAGE sql STABLE
AS $$ SELECT (jsonb_build_object(
    'id', a.id,
    'type', p_type,
    'at', fd_iso(a.created_at),
    'ticket', (SELECT o.ticket FROM fd_ticket_objects(ARRAY[a.ticket_id], p_staff) o))
  || coalesce((SELECT jsonb_build_object('message', jsonb_build_object(
         'id', m.id,
         'author', jsonb_build_object('kind', m.author_kind, 'id', m.author_id),
         'direction', m.direction,
         'isInternal', m.is_internal,
         'channel', m.channel,
         'subject', m.subject,
         'message', m.body,
         'deliveryStatus', m.delivery_status,
         'createdAt', fd_iso(m.created_at)))
       FROM messages m
       WHERE a.data ? 'messageId' AND m.id = (a.data ->> 'messageId')::bigint
         AND (p_staff OR NOT m.is_internal)), '{}'::jsonb)
  || CASE WHEN a.old_value IS NOT NULL OR a.new_value IS NOT NULL
          THEN jsonb_build_object('change', jsonb_build_object('from', a.old_value, 'to', a.new_value))
          ELSE '{}'::jsonb END
  || coalesce((SELECT jsonb_build_object('incident', jsonb_build_object(
         'id', i.id, 'title', i.title, 'status', i.status, 'impact', i.impact,
         'components', coalesce((SELECT jsonb_agg(c.name ORDER BY c.id) FROM status_incident_components ic
                                 JOIN status_components c ON c.id = ic.component_id
                                 WHERE ic.incident_id = i.id), '[]'::jsonb),
         'message', a.data ->> 'message'))
       FROM status_incidents i
       WHERE a.event LIKE 'incident.%' AND i.id = (a.data ->> 'incidentId')::bigint), '{}'::jsonb))::json $$;
