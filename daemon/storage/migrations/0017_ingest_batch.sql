-- fd_ingest_batch: the ingest pipeline's group of inbound messages in one call.
--
-- 0002's fd_ingest stored one message per call, some eight statements each, and PostgreSQL
-- starts an executor for every statement (planning its constraints and trigger conditions
-- again each time). Here only what must follow the messages' order runs per message: the
-- customer by identity, the ticket (found, reopened or created) and its thread key. The
-- receipts, the messages themselves, their attachments, customer tokens and audit events
-- are written with one statement each for the whole group.
--
-- p_messages is a JSON array of objects with the keys of fd_ingest's parameters (see the
-- column list below) and `i`, the message's 1-based position; `metadata` and `attachments`
-- are JSON documents as text, token_hash the SHA-256 digest as a bytea hex literal (\x...).
-- Messages are taken in that order, which the pipeline sorts by sender so that concurrent
-- groups lock shared rows in the same order. One row comes back per message: `i` and what
-- fd_ingest answers.
--
-- Within one group, the audit events of all its messages are written before the messages,
-- so a customer command in the group (a message's trigger, 0006_messaging.sql) acts after
-- every message of the group has found its ticket; between groups, order is as before.
CREATE FUNCTION fd_ingest_batch(p_messages jsonb, p_now timestamptz)
RETURNS TABLE (idx integer, status text, ticket_id bigint, ticket_number text,
               message_id bigint, ticket_status text)
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
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    v_ids := ARRAY(SELECT nextval('messages_id_seq') FROM generate_series(1, n));

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

    FOR m IN
        SELECT x.*
        FROM jsonb_to_recordset(p_messages) AS x(
            channel text, external_id text, identity_kind text, identity_value text,
            customer_name text, language text, ticket_ref text, thread_keys text[],
            own_thread_key text, subject text, body text, category text, priority text,
            metadata text, attachments text, new_ticket boolean, token_hash text, i integer)
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
            IF v_found AND v_ticket.merged_into IS NOT NULL THEN
                SELECT * INTO v_ticket FROM tickets t WHERE t.id = v_ticket.merged_into FOR NO KEY UPDATE;
            END IF;
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
        w_attach := array_append(w_attach, m.attachments::jsonb);
        v_attached := v_attached OR m.attachments <> '[]';
    END LOOP;

    INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, old_value, new_value, data,
                              created_at)
    SELECT e.ticket_id, e.event, 'customer', e.actor, e.old_value, e.new_value, e.data, p_now
    FROM unnest(e_ticket, e_event, e_actor, e_old, e_new, e_data)
         AS e(ticket_id, event, actor, old_value, new_value, data);

    INSERT INTO messages (id, ticket_id, direction, author_kind, author_id, channel,
                          external_id, subject, body, metadata, created_at)
    SELECT w.id, w.ticket_id, 'inbound', 'customer', w.customer, w.channel, w.external_id,
           w.subject, w.body, w.metadata, p_now
    FROM unnest(w_id, w_ticket, w_customer, w_channel, w_external, w_subject, w_body, w_metadata)
         AS w(id, ticket_id, customer, channel, external_id, subject, body, metadata);

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
        INSERT INTO api_tokens (token_hash, role, customer_id, label, created_at)
        SELECT k.hash, 'customer', k.customer, k.label, p_now
        FROM unnest(k_hash, k_customer, k_label) AS k(hash, customer, label);
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

    RETURN QUERY
    SELECT s.i::integer, s.status, s.ticket_id, s.ticket_number, s.message_id, s.ticket_status
    FROM unnest(r_status, r_ticket, r_number, v_ids, r_tstatus) WITH ORDINALITY
         AS s(status, ticket_id, ticket_number, message_id, ticket_status, i);
END;
$$;

-- fd_ingest, same signature and answers as 0002's, stores its one message through
-- fd_ingest_batch (the API's customer messages and tests use it).
CREATE OR REPLACE FUNCTION fd_ingest(
    p_channel         text,
    p_external_id     text,
    p_identity_kind   text,
    p_identity_value  text,
    p_customer_name   text,
    p_language        text,
    p_ticket_ref      text,
    p_thread_keys     text[],
    p_own_thread_key  text,
    p_subject         text,
    p_body            text,
    p_category        text,
    p_priority        text,
    p_metadata        jsonb,
    p_attachments     jsonb,
    p_new_ticket      boolean,
    p_token_hash      bytea,
    p_now             timestamptz,
    OUT status        text,
    OUT ticket_id     bigint,
    OUT ticket_number text,
    OUT message_id    bigint,
    OUT ticket_status text)
LANGUAGE sql AS $$
    SELECT b.status, b.ticket_id, b.ticket_number, b.message_id, b.ticket_status
    FROM fd_ingest_batch(jsonb_build_array(jsonb_build_object(
        'channel', p_channel, 'external_id', p_external_id, 'identity_kind', p_identity_kind,
        'identity_value', p_identity_value, 'customer_name', p_customer_name,
        'language', p_language, 'ticket_ref', p_ticket_ref,
        'thread_keys', to_jsonb(coalesce(p_thread_keys, '{}')), 'own_thread_key', p_own_thread_key,
        'subject', p_subject, 'body', p_body, 'category', p_category, 'priority', p_priority,
        'metadata', coalesce(p_metadata, '{}')::text, 'attachments', coalesce(p_attachments, '[]')::text,
        'new_ticket', p_new_ticket, 'token_hash', '\x' || encode(p_token_hash, 'hex'), 'i', 1)), p_now) AS b
$$;
