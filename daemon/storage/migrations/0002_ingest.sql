-- fd_ingest stores one normalized inbound message: idempotency on (channel, external id),
-- customer resolution by identity, a new ticket or a reply on an existing one, attachments,
-- and the audit event. It runs inside the caller's transaction, so the ingest pipeline can
-- group many messages into one commit; each lookup is a single index probe.
--
-- A channel may tag the ticket through the message metadata ({"tags": ["auto-reply"]}),
-- e.g. the email channel marking automatic or bulk mail that rules must not answer.
--
-- Status changes it makes on a customer reply mirror daemon/core/status.cpp:
-- waiting_customer -> in_progress, resolved -> reopened. A reply to a closed ticket opens a
-- follow-up ticket instead, since closed is final.

CREATE FUNCTION fd_ingest(
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
    p_attachments     jsonb,      -- [{filename, contentType, contentId, data (base64)}]
    p_new_ticket      boolean,
    p_token_hash      bytea,      -- a customer token to register for a new ticket, or NULL
    p_now             timestamptz,
    OUT status        text,
    OUT ticket_id     bigint,
    OUT ticket_number text,
    OUT message_id    bigint,
    OUT ticket_status text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_customer   bigint;
    v_ticket     tickets%ROWTYPE;
    v_found      boolean := false;
    v_new_status text;
    v_follow_up  bigint;
    v_tags       text[] := ARRAY(SELECT DISTINCT jsonb_array_elements_text(
                              CASE jsonb_typeof(p_metadata -> 'tags')
                                  WHEN 'array' THEN p_metadata -> 'tags' ELSE '[]' END));
BEGIN
    message_id := nextval('messages_id_seq');

    -- Idempotency first: a concurrent duplicate waits here for the other transaction.
    INSERT INTO inbound_receipts (channel, external_id, message_id, received_at)
    VALUES (p_channel, p_external_id, message_id, p_now)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        -- Left joins: the message or its ticket may since have been deleted.
        SELECT r.message_id, m.ticket_id, t.number, t.status
        INTO message_id, ticket_id, ticket_number, ticket_status
        FROM inbound_receipts r
        LEFT JOIN messages m ON m.id = r.message_id
        LEFT JOIN tickets t ON t.id = m.ticket_id
        WHERE r.channel = p_channel AND r.external_id = p_external_id;
        status := 'duplicate';
        RETURN;
    END IF;

    -- Customer by identity; a racing creator of the same identity wins and we use theirs.
    SELECT ci.customer_id INTO v_customer
    FROM customer_identities ci WHERE ci.kind = p_identity_kind AND ci.value = p_identity_value;
    IF NOT FOUND THEN
        INSERT INTO customers (name, language, created_at, updated_at)
        VALUES (p_customer_name, coalesce(nullif(p_language, ''), 'en'), p_now, p_now)
        RETURNING id INTO v_customer;
        INSERT INTO customer_identities (kind, value, customer_id, created_at)
        VALUES (p_identity_kind, p_identity_value, v_customer, p_now)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            DELETE FROM customers WHERE id = v_customer;
            SELECT ci.customer_id INTO STRICT v_customer
            FROM customer_identities ci
            WHERE ci.kind = p_identity_kind AND ci.value = p_identity_value;
        END IF;
    ELSIF p_customer_name <> '' THEN
        UPDATE customers SET name = p_customer_name, updated_at = p_now
        WHERE id = v_customer AND name = '';
    END IF;

    -- An existing ticket: named by number, else found by a thread key. Only the customer's
    -- own tickets qualify, so knowing a ticket number does not let a stranger write to it.
    IF NOT p_new_ticket THEN
        IF p_ticket_ref <> '' THEN
            SELECT * INTO v_ticket FROM tickets t
            WHERE t.number = p_ticket_ref AND t.customer_id = v_customer FOR UPDATE;
            v_found := FOUND;
        END IF;
        IF NOT v_found AND cardinality(p_thread_keys) > 0 THEN
            SELECT t.* INTO v_ticket
            FROM ticket_threads th JOIN tickets t ON t.id = th.ticket_id
            WHERE th.channel = p_channel AND th.thread_key = ANY (p_thread_keys)
              AND t.customer_id = v_customer
            ORDER BY t.id DESC LIMIT 1 FOR UPDATE OF t;
            v_found := FOUND;
        END IF;
        IF v_found AND v_ticket.merged_into IS NOT NULL THEN
            SELECT * INTO v_ticket FROM tickets t WHERE t.id = v_ticket.merged_into FOR UPDATE;
        END IF;
        IF v_found AND v_ticket.status = 'closed' THEN
            v_follow_up := v_ticket.id;
            v_found := false;
        END IF;
    END IF;

    IF v_found THEN
        v_new_status := CASE v_ticket.status
                            WHEN 'waiting_customer' THEN 'in_progress'
                            WHEN 'resolved' THEN 'reopened'
                            ELSE v_ticket.status END;
        UPDATE tickets SET status = v_new_status, updated_at = p_now, last_activity_at = p_now,
                           tags = CASE WHEN v_tags <@ tags THEN tags
                                       ELSE ARRAY(SELECT DISTINCT unnest(tags || v_tags)) END,
                           resolved_at = CASE WHEN v_new_status = 'reopened' THEN NULL
                                              ELSE resolved_at END
        WHERE id = v_ticket.id;
        ticket_id := v_ticket.id;
        ticket_number := v_ticket.number;
        ticket_status := v_new_status;
        status := 'appended';
    ELSE
        ticket_number := 'TKT-' || floor(extract(epoch FROM p_now))::bigint::text || '-'
                         || lpad((nextval('ticket_number_seq') % 1000000)::text, 6, '0');
        INSERT INTO tickets (number, customer_id, channel, subject, description, category,
                             priority, language, tags, follow_up_of, created_at, updated_at,
                             last_activity_at)
        VALUES (ticket_number, v_customer, p_channel,
                coalesce(nullif(p_subject, ''), left(p_body, 120)), p_body,
                coalesce(nullif(p_category, ''), 'general'),
                coalesce(nullif(p_priority, ''), 'medium'),
                coalesce(nullif(p_language, ''), 'en'), v_tags, v_follow_up, p_now, p_now, p_now)
        RETURNING id INTO ticket_id;
        ticket_status := 'open';
        status := 'created';
    END IF;

    INSERT INTO messages (id, ticket_id, direction, author_kind, author_id, channel,
                          external_id, subject, body, metadata, created_at)
    VALUES (message_id, ticket_id, 'inbound', 'customer', v_customer, p_channel,
            p_external_id, p_subject, p_body, coalesce(p_metadata, '{}'), p_now);

    IF p_own_thread_key <> '' THEN
        INSERT INTO ticket_threads (channel, thread_key, ticket_id)
        VALUES (p_channel, p_own_thread_key, ticket_id)
        ON CONFLICT (channel, thread_key) DO UPDATE SET ticket_id = EXCLUDED.ticket_id;
    END IF;

    IF p_attachments IS NOT NULL AND jsonb_array_length(p_attachments) > 0 THEN
        INSERT INTO attachments (message_id, filename, content_type, content_id, size, sha256,
                                 content, created_at)
        SELECT message_id, a.filename, a.content_type, nullif(a.content_id, ''),
               length(a.bytes), sha256(a.bytes), a.bytes, p_now
        FROM (SELECT x ->> 'filename' AS filename, x ->> 'contentType' AS content_type,
                     x ->> 'contentId' AS content_id, decode(x ->> 'data', 'base64') AS bytes
              FROM jsonb_array_elements(p_attachments) AS x) a;
    END IF;

    IF status = 'created' THEN
        IF p_token_hash IS NOT NULL THEN
            INSERT INTO api_tokens (token_hash, role, customer_id, label, created_at)
            VALUES (p_token_hash, 'customer', v_customer, 'issued with ' || ticket_number, p_now);
        END IF;
        INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, new_value, data,
                                  created_at)
        VALUES (ticket_id, 'ticket.created', 'customer', v_customer,
                jsonb_build_object('status', 'open', 'number', ticket_number),
                jsonb_build_object('channel', p_channel, 'messageId', message_id,
                                   'followUpOf', v_follow_up),
                p_now);
    ELSE
        INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, data, created_at)
        VALUES (ticket_id, 'message.received', 'customer', v_customer,
                jsonb_build_object('channel', p_channel, 'messageId', message_id), p_now);
        IF v_new_status <> v_ticket.status THEN
            INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, old_value,
                                      new_value, created_at)
            VALUES (ticket_id, 'status.changed', 'customer', v_customer,
                    to_jsonb(v_ticket.status), to_jsonb(v_new_status), p_now);
        END IF;
    END IF;
END;
$$;
