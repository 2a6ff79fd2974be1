-- SPDX-License-Identifier: Apache-2.0
-- The ticket JSON for lists in one set-based query (docs/api.md "Lists and search"): a list
-- joins customers, agents, ticket_sla and sla_calendars once and builds every object with SQL
-- functions that PostgreSQL inlines into that one query, where each ticket used to run some six
-- statements of its own, each paying an executor start-up.
--
-- The objects of a list's tickets, with their position in p_ids (ids of missing tickets give no
-- row): `SELECT json_agg(ticket ORDER BY ord) FROM fd_ticket_objects(ids, staff)`. A plain SQL
-- set-returning function, so PostgreSQL inlines it into the calling statement, whose plan the
-- daemon keeps: no separate plan or executor per call.
CREATE OR REPLACE FUNCTION fd_ticket_objects(p_ids bigint[], p_staff boolean)
RETURNS TABLE (ord bigint, ticket json)
LANGUAGE sql STABLE
AS $$ SELECT i.ord, fd_ticket_object(t, c, a, s, cal.name IS NOT NULL, p_staff, now())
      FROM unnest(p_ids) WITH ORDINALITY AS i(id, ord)
      JOIN tickets t ON t.id = i.id
      LEFT JOIN customers c ON c.id = t.customer_id
      LEFT JOIN agents a ON a.id = t.assigned_to
      LEFT JOIN ticket_sla s ON s.ticket_id = t.id
      LEFT JOIN sla_calendars cal ON cal.name = s.calendar $$;
