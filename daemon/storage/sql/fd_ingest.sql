-- SPDX-License-Identifier: Apache-2.0
-- One normalized inbound message, stored through fd_ingest_batch (the API's customer messages
-- and tests use it); see there for what is stored. Same answers as fd_ingest_batch gives for
-- a group of one.
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
