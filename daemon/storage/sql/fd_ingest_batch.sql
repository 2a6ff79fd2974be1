-- SPDX-License-Identifier: Apache-2.0
-- fd_ingest_batch: the ingest pipeline's group of inbound messages in one call. It stores each
-- normalized message: idempotency on (channel, external id), customer resolution by identity,
-- a new ticket or a reply on an existing one, attachments, customer tokens and the audit
-- events. It runs inside the caller's transaction, so the pipeline groups many messages into
-- one commit.
--
-- A channel may tag the ticket through the message metadata ({"tags": ["auto-reply"]}),
-- e.g. the email channel marking automatic or bulk mail that rules must not answer. Status
-- changes on a customer reply mirror daemon/core/status.cpp: waiting_customer -> in_progress,
-- resolved -> reopened. A reply to a closed ticket opens a follow-up ticket instead, since
-- closed is final.
--
-- p_messages is a JSON array of objects with the keys of fd_ingest's parameters (see the
-- column lists below) and `i`, the message's 1-based position; `metadata` and `attachments`
-- are JSON documents as text, token_hash the SHA-256 digest as a bytea hex literal (\x...).
-- Messages are taken in that order, which the pipeline sorts by sender so that concurrent
-- groups lock shared rows in the same order. One row comes back per message: `i` and what
-- fd_ingest answers.
--
-- PostgreSQL starts an executor for every statement (planning its constraints and trigger
-- conditions again each time), so as little as possible runs per message. The common
-- message, a reply from a known sender on the open ticket its thread leads to, is resolved
-- set-based: the group's common messages by one statement, their tickets locked by one,
-- updated by one or two. The others go through a per-message loop, where only what must
-- follow the messages' order runs: the customer by identity, the ticket (found, reopened or
-- created) and its thread key. The receipts, the messages themselves, their attachments,
-- customer tokens and audit events are written with one statement each for the whole group.
--
-- A customer's messages take one path or the other, all of them, so each ticket's events
-- stay in message order. The common path locks its tickets in message order before the loop
-- locks any, so two groups can lock shared tickets in different orders only when one reaches
-- a ticket through the loop (a ticket reference, a merged or closed ticket) while the other
-- reaches it as a plain reply; PostgreSQL then aborts one of them, and the pipeline retries it
-- (40P01 is transient).
--
-- What customers ask for inside their messages (phone commands, survey digits, STOP) is
-- decided in C++ after this function returns, in the same transaction
-- (tickets/customer_request.cpp, called by ingest/batch_commit.cpp): by then every message of
-- the group has found its ticket.
--
-- A token that comes with a new ticket (the web form's) is scoped to that ticket
-- (api_tokens.ticket_scoped, api_token_tickets) and expires in 30 days: an address typed into
-- a form proves nothing, so it must not open the customer's other tickets.
CREATE OR REPLACE FUNCTION fd_ingest_batch(p_messages jsonb, p_now timestamptz)
RETURNS TABLE (idx integer, status text, ticket_id bigint, ticket_number text,
               message_id bigint, ticket_status text, conversation_seq bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n            integer := jsonb_array_length(p_messages);
    m            record;
    d            record;
    v_metadata   jsonb;
    v_dup_id     bigint;
    v_dup_ticket bigint;
    v_dup_number text;
    v_dup_status text;
    v_ids        bigint[];
    v_accepted   bigint[];
    v_customer   bigint;
    v_nameless   boolean;
    v_ticket     tickets%ROWTYPE;
    v_found      boolean;
    v_by_thread  bigint;
    v_follow_up  bigint;
    v_new_status text;
    v_tags       text[];
    v_ticket_id  bigint;
    v_number     text;
    -- One entry per message (results).
    r_status     text[] := array_fill(NULL::text, ARRAY[n]);
    r_ticket     bigint[] := array_fill(NULL::bigint, ARRAY[n]);
    r_number     text[] := array_fill(NULL::text, ARRAY[n]);
    r_tstatus    text[] := array_fill(NULL::text, ARRAY[n]);
    -- Messages to insert.
    w_id         bigint[] := '{}';
    w_ticket     bigint[] := '{}';
    w_customer   bigint[] := '{}';
    w_channel    text[] := '{}';
    w_external   text[] := '{}';
    w_subject    text[] := '{}';
    w_body       text[] := '{}';
    w_metadata   jsonb[] := '{}';
    w_opens      boolean[] := '{}';
    w_attach     jsonb[] := '{}';
    -- What the group needs beyond messages and events (each a statement when it does).
    v_attached   boolean := false;
    v_repeats    boolean := false;
    -- Audit events to insert, in order.
    e_ticket     bigint[] := '{}';
    e_event      text[] := '{}';
    e_actor      bigint[] := '{}';
    e_old        jsonb[] := '{}';
    e_new        jsonb[] := '{}';
    e_data       jsonb[] := '{}';
    -- Customer tokens to register.
    k_hash       bytea[] := '{}';
    k_customer   bigint[] := '{}';
    k_label      text[] := '{}';
    k_ticket     bigint[] := '{}';
    -- The common path's messages in order (position, ticket, customer), each ticket's number
    -- and its status before and after the group; tickets whose status stays.
    f_i          integer[] := '{}';
    f_ticket     bigint[] := '{}';
    f_customer   bigint[] := '{}';
    f_number     text[];
    f_old        text[];
    f_new        text[];
    f_same       bigint[];
    v_dropped    bigint[];
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    -- Over the array rather than generate_series(1, n), whose row estimate follows n and so
    -- kept PostgreSQL planning this afresh on every call.
    v_ids := ARRAY(SELECT nextval('messages_id_seq') FROM jsonb_array_elements(p_messages));

    -- Idempotency first, in key order: a concurrent duplicate waits here for the other
    -- transaction, and a repeat within the group is a duplicate of its first occurrence.
    WITH input AS (
        SELECT x.channel, x.external_id, v_ids[x.i] AS id, x.i
        FROM jsonb_to_recordset(p_messages) AS x(channel text, external_id text, i integer)
    ), firsts AS (
        SELECT DISTINCT ON (channel, external_id) channel, external_id, id
        FROM input ORDER BY channel, external_id, i
    ), inserted AS (
        INSERT INTO inbound_receipts (channel, external_id, message_id, received_at)
        SELECT channel, external_id, id, p_now FROM firsts
        ON CONFLICT DO NOTHING
        RETURNING message_id
    )
    SELECT array_agg(inserted.message_id) INTO v_accepted FROM inserted;
    v_accepted := coalesce(v_accepted, '{}');

    -- The common path: a known sender (named, or giving no name), no ticket reference, tags
    -- or attachments, and a thread, its ticket's own, that leads to their newest ticket on it,
    -- neither closed nor merged. Every accepted message of the customer must qualify.
    SELECT coalesce(array_agg(c.i ORDER BY c.i), '{}'), coalesce(array_agg(c.ticket ORDER BY c.i), '{}'),
           coalesce(array_agg(c.customer ORDER BY c.i), '{}')
    INTO f_i, f_ticket, f_customer
    FROM (
        SELECT x.i, cu.id AS customer, th.id AS ticket,
               bool_and(coalesce(cu.id IS NOT NULL AND NOT (cu.name = '' AND x.customer_name <> '')
                        AND NOT x.new_ticket AND x.ticket_ref = '' AND th.id IS NOT NULL
                        AND th.merged_into IS NULL AND th.status <> 'closed'
                        AND (x.own_thread_key = '' OR x.thread_keys = ARRAY[x.own_thread_key])
                        AND coalesce(x.attachments, '[]') = '[]'
                        AND NOT coalesce(jsonb_typeof(x.metadata::jsonb -> 'tags') = 'array'
                                         AND x.metadata::jsonb -> 'tags' <> '[]'::jsonb, false), false))
                   OVER (PARTITION BY coalesce(cu.id, -x.i)) AS ok
        FROM jsonb_to_recordset(p_messages) AS x(
            channel text, identity_kind text, identity_value text, customer_name text,
            ticket_ref text, thread_keys text[], own_thread_key text, metadata text,
            attachments text, new_ticket boolean, i integer)
        LEFT JOIN customer_identities ci ON ci.kind = x.identity_kind AND ci.value = x.identity_value
        LEFT JOIN customers cu ON cu.id = ci.customer_id
        LEFT JOIN LATERAL (
            SELECT t.id, t.status, t.merged_into
            FROM ticket_threads tt JOIN tickets t ON t.id = tt.ticket_id
            WHERE tt.channel = x.channel AND tt.thread_key = ANY (x.thread_keys) AND t.customer_id = cu.id
            ORDER BY t.id DESC LIMIT 1) th ON true
        WHERE v_ids[x.i] = ANY (v_accepted)
    ) c
    WHERE c.ok;

    IF cardinality(f_i) > 0 THEN
        -- Locked in message order, as the loop below locks. A ticket closed or merged since
        -- it was read sends its customer's messages to the loop.
        SELECT array_agg(l.customer_id) FILTER (WHERE l.merged_into IS NOT NULL OR l.status = 'closed')
        INTO v_dropped
        FROM (SELECT t.customer_id, t.status, t.merged_into
              FROM tickets t
              JOIN (SELECT u.ticket, min(u.o) AS o
                    FROM unnest(f_ticket) WITH ORDINALITY AS u(ticket, o) GROUP BY u.ticket) u
                ON u.ticket = t.id
              ORDER BY u.o
              FOR NO KEY UPDATE OF t) l;
        IF v_dropped IS NOT NULL THEN
            SELECT coalesce(array_agg(f.i ORDER BY f.i), '{}'), coalesce(array_agg(f.ticket ORDER BY f.i), '{}'),
                   coalesce(array_agg(f.customer ORDER BY f.i), '{}')
            INTO f_i, f_ticket, f_customer
            FROM unnest(f_i, f_ticket, f_customer) AS f(i, ticket, customer)
            WHERE f.customer <> ALL (v_dropped);
        END IF;

        -- As in the loop: waiting_customer -> in_progress, resolved -> reopened, for the
        -- ticket's first message of the group; its later ones find the new status.
        SELECT array_agg(t.number ORDER BY f.i), array_agg(t.status::text ORDER BY f.i),
               array_agg(CASE t.status WHEN 'waiting_customer' THEN 'in_progress'
                                       WHEN 'resolved' THEN 'reopened'
                                       ELSE t.status::text END ORDER BY f.i),
               array_agg(DISTINCT t.id) FILTER (WHERE t.status NOT IN ('waiting_customer', 'resolved'))
        INTO f_number, f_old, f_new, f_same
        FROM unnest(f_i, f_ticket) AS f(i, ticket) JOIN tickets t ON t.id = f.ticket;

        -- Only the activity times change: an update that fires none of the tickets' column
        -- triggers (0015).
        IF f_same IS NOT NULL THEN
            UPDATE tickets SET updated_at = p_now, last_activity_at = p_now WHERE id = ANY (f_same);
        END IF;
        IF f_old IS DISTINCT FROM f_new THEN
            UPDATE tickets t
            SET status = c.new_status, updated_at = p_now, last_activity_at = p_now,
                resolved_at = CASE WHEN c.new_status = 'reopened' THEN NULL ELSE t.resolved_at END
            FROM (SELECT DISTINCT f.ticket, f.new_status
                  FROM unnest(f_ticket, f_old, f_new) AS f(ticket, old_status, new_status)
                  WHERE f.old_status <> f.new_status) c
            WHERE t.id = c.ticket;
        END IF;
    END IF;

    FOR m IN
        SELECT x.*
        FROM jsonb_to_recordset(p_messages) AS x(
            channel text, external_id text, identity_kind text, identity_value text,
            customer_name text, language text, ticket_ref text, thread_keys text[],
            own_thread_key text, subject text, body text, category text, priority text,
            metadata text, attachments text, new_ticket boolean, token_hash text, i integer)
        WHERE cardinality(f_i) < n  -- when every message took the common path, a filter
          AND x.i <> ALL (f_i)      -- evaluated once that skips reading the group again
        ORDER BY x.i
    LOOP
        IF NOT v_ids[m.i] = ANY (v_accepted) THEN
            r_status[m.i] := 'duplicate';
            v_repeats := true;
            CONTINUE;
        END IF;
        v_metadata := coalesce(m.metadata::jsonb, '{}');
        v_tags := ARRAY(SELECT DISTINCT jsonb_array_elements_text(
                      CASE jsonb_typeof(v_metadata -> 'tags')
                          WHEN 'array' THEN v_metadata -> 'tags' ELSE '[]' END));

        -- Customer by identity; a racing creator of the same identity wins and we use theirs.
        SELECT ci.customer_id, c.name = '' INTO v_customer, v_nameless
        FROM customer_identities ci JOIN customers c ON c.id = ci.customer_id
        WHERE ci.kind = m.identity_kind AND ci.value = m.identity_value;
        IF NOT FOUND THEN
            INSERT INTO customers (name, language, created_at, updated_at)
            VALUES (m.customer_name, coalesce(nullif(m.language, ''), 'en'), p_now, p_now)
            RETURNING id INTO v_customer;
            INSERT INTO customer_identities (kind, value, customer_id, created_at)
            VALUES (m.identity_kind, m.identity_value, v_customer, p_now)
            ON CONFLICT DO NOTHING;
            IF NOT FOUND THEN
                DELETE FROM customers WHERE id = v_customer;
                SELECT ci.customer_id INTO STRICT v_customer
                FROM customer_identities ci
                WHERE ci.kind = m.identity_kind AND ci.value = m.identity_value;
            END IF;
        ELSIF m.customer_name <> '' AND v_nameless THEN
            UPDATE customers SET name = m.customer_name, updated_at = p_now
            WHERE id = v_customer AND name = '';
        END IF;

        -- An existing ticket: named by number, else found by a thread key. Only the
        -- customer's own tickets qualify, so knowing a ticket number does not let a stranger
        -- write to it. Tickets are locked FOR NO KEY UPDATE: nothing here changes a ticket's
        -- key, and the weaker lock lets others keep inserting rows that reference the ticket.
        v_found := false;
        v_by_thread := NULL;
        v_follow_up := NULL;
        IF NOT m.new_ticket THEN
            IF m.ticket_ref <> '' THEN
                SELECT * INTO v_ticket FROM tickets t
                WHERE t.number = m.ticket_ref AND t.customer_id = v_customer FOR NO KEY UPDATE;
                v_found := FOUND;
            END IF;
            IF NOT v_found AND cardinality(m.thread_keys) > 0 THEN
                SELECT t.* INTO v_ticket
                FROM ticket_threads th JOIN tickets t ON t.id = th.ticket_id
                WHERE th.channel = m.channel AND th.thread_key = ANY (m.thread_keys)
                  AND t.customer_id = v_customer
                ORDER BY t.id DESC LIMIT 1 FOR NO KEY UPDATE OF t;
                v_found := FOUND;
                v_by_thread := CASE WHEN v_found THEN v_ticket.id END;
            END IF;
            -- A merged ticket's messages land on its survivor, through any chain of merges.
            WHILE v_found AND v_ticket.merged_into IS NOT NULL LOOP
                SELECT * INTO v_ticket FROM tickets t WHERE t.id = v_ticket.merged_into FOR NO KEY UPDATE;
                v_found := FOUND;
            END LOOP;
            IF v_found AND v_ticket.status = 'closed' THEN
                v_follow_up := v_ticket.id;
                v_found := false;
            END IF;
        END IF;

        IF v_found THEN
            -- Mirrors daemon/core/status.cpp: waiting_customer -> in_progress,
            -- resolved -> reopened. Mostly only the activity times change, and an update
            -- that sets nothing else fires none of the tickets' column triggers (0015).
            v_new_status := CASE v_ticket.status
                                WHEN 'waiting_customer' THEN 'in_progress'
                                WHEN 'resolved' THEN 'reopened'
                                ELSE v_ticket.status END;
            IF v_new_status = v_ticket.status AND v_tags <@ v_ticket.tags THEN
                UPDATE tickets SET updated_at = p_now, last_activity_at = p_now WHERE id = v_ticket.id;
            ELSE
                UPDATE tickets SET status = v_new_status, updated_at = p_now, last_activity_at = p_now,
                                   tags = CASE WHEN v_tags <@ tags THEN tags
                                               ELSE ARRAY(SELECT DISTINCT unnest(tags || v_tags)) END,
                                   resolved_at = CASE WHEN v_new_status = 'reopened' THEN NULL
                                                      ELSE resolved_at END
                WHERE id = v_ticket.id;
            END IF;
            v_ticket_id := v_ticket.id;
            v_number := v_ticket.number;
            r_status[m.i] := 'appended';
            r_tstatus[m.i] := v_new_status;
            e_ticket := e_ticket || v_ticket_id;
            e_event := e_event || 'message.received'::text;
            e_actor := e_actor || v_customer;
            e_old := array_append(e_old, NULL::jsonb);
            e_new := array_append(e_new, NULL::jsonb);
            e_data := array_append(e_data, jsonb_build_object('channel', m.channel, 'messageId', v_ids[m.i]));
            IF v_new_status <> v_ticket.status THEN
                e_ticket := e_ticket || v_ticket_id;
                e_event := e_event || 'status.changed'::text;
                e_actor := e_actor || v_customer;
                e_old := array_append(e_old, to_jsonb(v_ticket.status::text));
                e_new := array_append(e_new, to_jsonb(v_new_status));
                e_data := array_append(e_data, '{}'::jsonb);
            END IF;
        ELSE
            v_number := 'TKT-' || floor(extract(epoch FROM p_now))::bigint::text || '-'
                        || lpad((nextval('ticket_number_seq') % 1000000)::text, 6, '0');
            INSERT INTO tickets (number, customer_id, channel, subject, description, category,
                                 priority, language, tags, follow_up_of, created_at, updated_at,
                                 last_activity_at)
            VALUES (v_number, v_customer, m.channel,
                    coalesce(nullif(m.subject, ''), left(m.body, 120)), m.body,
                    coalesce(nullif(m.category, ''), 'general'),
                    coalesce(nullif(m.priority, ''), 'medium'),
                    coalesce(nullif(m.language, ''), 'en'), v_tags, v_follow_up, p_now, p_now, p_now)
            RETURNING id INTO v_ticket_id;
            r_status[m.i] := 'created';
            r_tstatus[m.i] := 'open';
            e_ticket := e_ticket || v_ticket_id;
            e_event := e_event || 'ticket.created'::text;
            e_actor := e_actor || v_customer;
            e_old := array_append(e_old, NULL::jsonb);
            e_new := array_append(e_new, jsonb_build_object('status', 'open', 'number', v_number));
            e_data := array_append(e_data, jsonb_build_object('channel', m.channel, 'messageId', v_ids[m.i],
                                                              'followUpOf', v_follow_up));
            IF m.token_hash IS NOT NULL THEN
                k_hash := array_append(k_hash, m.token_hash::bytea);
                k_customer := k_customer || v_customer;
                k_label := k_label || ('issued with ' || v_number);
                k_ticket := k_ticket || v_ticket_id;
            END IF;
        END IF;
        r_ticket[m.i] := v_ticket_id;
        r_number[m.i] := v_number;

        -- A phone channel's only thread key is its own: when it found this very ticket, the
        -- row already says so, and rewriting it on every message would cost a write each.
        IF m.own_thread_key <> ''
           AND NOT (m.thread_keys = ARRAY[m.own_thread_key] AND v_by_thread IS NOT DISTINCT FROM v_ticket_id) THEN
            INSERT INTO ticket_threads (channel, thread_key, ticket_id)
            VALUES (m.channel, m.own_thread_key, v_ticket_id)
            ON CONFLICT (channel, thread_key) DO UPDATE SET ticket_id = EXCLUDED.ticket_id;
        END IF;

        w_id := w_id || v_ids[m.i];
        w_ticket := w_ticket || v_ticket_id;
        w_customer := w_customer || v_customer;
        w_channel := w_channel || m.channel;
        w_external := w_external || m.external_id;
        w_subject := w_subject || m.subject;
        w_body := w_body || m.body;
        w_metadata := array_append(w_metadata, v_metadata);
        w_opens := w_opens || (r_status[m.i] = 'created');
        w_attach := array_append(w_attach, m.attachments::jsonb);
        v_attached := v_attached OR m.attachments <> '[]';
    END LOOP;

    -- The loop's events in its order, then the common path's: a message.received per
    -- message, and a status.changed after a ticket's first message if its status moved.
    INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, old_value, new_value, data,
                              created_at)
    SELECT e.ticket_id, e.event, 'customer', e.actor, e.old_value, e.new_value, e.data, p_now
    FROM (SELECT u.ticket_id, u.event, u.actor, u.old_value, u.new_value, u.data, 0 AS i, u.o
          FROM unnest(e_ticket, e_event, e_actor, e_old, e_new, e_data) WITH ORDINALITY
               AS u(ticket_id, event, actor, old_value, new_value, data, o)
          UNION ALL
          SELECT f.ticket, 'message.received', f.customer, NULL, NULL,
                 jsonb_build_object('channel', x.channel, 'messageId', v_ids[f.i]), f.i, 1
          FROM unnest(f_i, f_ticket, f_customer) AS f(i, ticket, customer)
          JOIN jsonb_to_recordset(p_messages) AS x(channel text, i integer) ON x.i = f.i
          UNION ALL
          (SELECT DISTINCT ON (f.ticket) f.ticket, 'status.changed', f.customer, to_jsonb(f.old_status),
                  to_jsonb(f.new_status), '{}'::jsonb, f.i, 2
           FROM unnest(f_i, f_ticket, f_customer, f_old, f_new) AS f(i, ticket, customer, old_status, new_status)
           WHERE f.old_status <> f.new_status
           ORDER BY f.ticket, f.i)) e
    ORDER BY e.i, e.o;

    -- Each message's number in its conversation (the customer's messages on the ticket's
    -- channel, migration 0041): reserved from the conversation's counter, whose row stays
    -- locked until the commit, so the numbers follow the commits. The counters are taken in
    -- key order and after every ticket lock, so two groups never wait on each other in a
    -- circle, nor a group and a single write (which locks its ticket, then its counter).
    WITH w AS (
        SELECT w.id, w.ticket_id, w.customer, w.channel, w.external_id, w.subject, w.body, w.metadata,
               w.opens
        FROM unnest(w_id, w_ticket, w_customer, w_channel, w_external, w_subject, w_body, w_metadata,
                    w_opens)
             AS w(id, ticket_id, customer, channel, external_id, subject, body, metadata, opens)
        UNION ALL
        SELECT v_ids[f.i], f.ticket, f.customer, x.channel, x.external_id, x.subject, x.body,
               coalesce(x.metadata::jsonb, '{}'), false
        FROM unnest(f_i, f_ticket, f_customer) AS f(i, ticket, customer)
        JOIN jsonb_to_recordset(p_messages)
             AS x(channel text, external_id text, subject text, body text, metadata text, i integer)
          ON x.i = f.i
    ), keyed AS (
        SELECT w.*, t.customer_id AS conv_customer, t.channel AS conv_channel,
               row_number() OVER (PARTITION BY t.customer_id, t.channel ORDER BY w.id) AS k,
               count(*) OVER (PARTITION BY t.customer_id, t.channel) AS taken
        FROM w JOIN tickets t ON t.id = w.ticket_id
    ), counters AS (
        INSERT INTO conversation_counters AS c (customer_id, channel, last_seq)
        SELECT conv_customer, conv_channel, max(taken) FROM keyed
        GROUP BY conv_customer, conv_channel ORDER BY conv_customer, conv_channel
        ON CONFLICT (customer_id, channel) DO UPDATE SET last_seq = c.last_seq + EXCLUDED.last_seq
        RETURNING c.customer_id, c.channel, c.last_seq
    )
    INSERT INTO messages (id, ticket_id, direction, author_kind, author_id, channel,
                          external_id, subject, body, metadata, opens_ticket, created_at,
                          conversation_seq)
    SELECT k.id, k.ticket_id, 'inbound', 'customer', k.customer, k.channel, k.external_id,
           k.subject, k.body, k.metadata, k.opens, p_now, c.last_seq - k.taken + k.k
    FROM keyed k JOIN counters c ON c.customer_id = k.conv_customer AND c.channel = k.conv_channel;

    IF v_attached THEN
        INSERT INTO attachments (message_id, filename, content_type, content_id, size, sha256,
                                 content, created_at)
        SELECT a.message_id, a.filename, a.content_type, nullif(a.content_id, ''),
               length(a.bytes), sha256(a.bytes), a.bytes, p_now
        FROM (SELECT w.id AS message_id, x ->> 'filename' AS filename,
                     x ->> 'contentType' AS content_type, x ->> 'contentId' AS content_id,
                     decode(x ->> 'data', 'base64') AS bytes
              FROM unnest(w_id, w_attach) AS w(id, attachments)
              CROSS JOIN LATERAL jsonb_array_elements(w.attachments) AS x
              WHERE jsonb_typeof(w.attachments) = 'array') a;
    END IF;

    IF cardinality(k_hash) > 0 THEN
        -- Scoped to the ticket it came with; 30 days, like those 0024 converted.
        WITH issued AS (
            INSERT INTO api_tokens (token_hash, role, customer_id, label, created_at, expires_at,
                                    ticket_scoped)
            SELECT k.hash, 'customer', k.customer, k.label, p_now, p_now + interval '30 days', true
            FROM unnest(k_hash, k_customer, k_label) AS k(hash, customer, label)
            RETURNING id, token_hash)
        INSERT INTO api_token_tickets (token_id, ticket_id)
        SELECT issued.id, k.ticket
        FROM issued JOIN unnest(k_hash, k_ticket) AS k(hash, ticket) ON k.hash = issued.token_hash;
    END IF;

    -- A duplicate answers with the message it repeats (perhaps one of this group) and that
    -- message's ticket; left joins, as the message or its ticket may since have been deleted.
    IF v_repeats THEN
        FOR d IN
            SELECT x.channel, x.external_id, x.i
            FROM jsonb_to_recordset(p_messages) AS x(channel text, external_id text, i integer)
            WHERE r_status[x.i] = 'duplicate'
        LOOP
            SELECT r.message_id, mm.ticket_id, t.number, t.status
            INTO v_dup_id, v_dup_ticket, v_dup_number, v_dup_status
            FROM inbound_receipts r
            LEFT JOIN messages mm ON mm.id = r.message_id
            LEFT JOIN tickets t ON t.id = mm.ticket_id
            WHERE r.channel = d.channel AND r.external_id = d.external_id;
            v_ids[d.i] := v_dup_id;
            r_ticket[d.i] := v_dup_ticket;
            r_number[d.i] := v_dup_number;
            r_tstatus[d.i] := v_dup_status;
        END LOOP;
    END IF;

    -- With each message's number in its conversation (a live chat acknowledges with it).
    RETURN QUERY
    SELECT s.i::integer, CASE WHEN f.i IS NULL THEN s.status ELSE 'appended' END, coalesce(s.ticket_id, f.ticket),
           coalesce(s.ticket_number, f.number), s.message_id, coalesce(s.ticket_status, f.new_status),
           mm.conversation_seq
    FROM unnest(r_status, r_ticket, r_number, v_ids, r_tstatus) WITH ORDINALITY
         AS s(status, ticket_id, ticket_number, message_id, ticket_status, i)
    LEFT JOIN unnest(f_i, f_ticket, f_number, f_new) AS f(i, ticket, number, new_status) ON f.i = s.i
    LEFT JOIN messages mm ON mm.id = s.message_id;
END;
$$;
