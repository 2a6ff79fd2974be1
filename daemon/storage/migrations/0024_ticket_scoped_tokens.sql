-- A token the web form answers sees only the tickets created through it, and expires.
--
-- The web form's token used to be scoped to the customer found by the address typed into the
-- form, so it opened every ticket of that customer; but an address typed into a form proves
-- nothing (anyone can type someone else's). A ticket-scoped token sees only the tickets listed
-- for it in api_token_tickets; fd_ingest_batch (sql/fd_ingest_batch.sql) issues the web form's
-- tokens so, for 30 days. A customer token an admin made still sees all the customer's tickets.
ALTER TABLE api_tokens ADD COLUMN ticket_scoped boolean NOT NULL DEFAULT false;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scope_is_customer CHECK (NOT ticket_scoped OR role = 'customer');
CREATE TABLE api_token_tickets (
    token_id  bigint NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, ticket_id)
);
CREATE INDEX api_token_tickets_ticket ON api_token_tickets (ticket_id);

-- Tokens issued with a ticket before this migration: scoped to that ticket, expiring within 30 days.
INSERT INTO api_token_tickets (token_id, ticket_id)
SELECT k.id, t.id FROM api_tokens k
JOIN tickets t ON t.number = substr(k.label, length('issued with ') + 1)
WHERE k.role = 'customer' AND k.agent_id IS NULL AND k.label LIKE 'issued with TKT-%';
UPDATE api_tokens SET ticket_scoped = true,
    expires_at = least(coalesce(expires_at, 'infinity'), now() + interval '30 days')
WHERE role = 'customer' AND agent_id IS NULL AND label LIKE 'issued with TKT-%';
