-- Frontdesk's first schema: customers and their channel identities, agents and teams,
-- tickets, messages, attachments, the audit event log, API tokens and the outbox.
-- Enumerations are text with CHECK constraints so later migrations can extend them
-- without ALTER TYPE gymnastics.

-- ISO 8601 UTC text for API answers, e.g. 2026-11-21T06:05:00.123Z.
CREATE FUNCTION fd_iso(ts timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL DEFAULT '',
    language    text        NOT NULL DEFAULT 'en',
    tier        text        NOT NULL DEFAULT 'standard',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per address a customer is known by; the primary key is the hot ingest lookup.
CREATE TABLE customer_identities (
    kind         text        NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
    value        text        NOT NULL CHECK (length(value) BETWEEN 1 AND 320),
    customer_id  bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, value)
);
CREATE INDEX customer_identities_customer ON customer_identities (customer_id);

CREATE TABLE teams (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
    id               bigserial PRIMARY KEY,
    name             text        NOT NULL,
    email            text        NOT NULL UNIQUE,
    role             text        NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin')),
    employee_id      text,
    department       text,
    specializations  text[]      NOT NULL DEFAULT '{}',
    languages        text[]      NOT NULL DEFAULT '{en}',
    shift            jsonb,
    availability     text        NOT NULL DEFAULT 'offline'
                     CHECK (availability IN ('available', 'busy', 'away', 'offline')),
    max_concurrent   integer     NOT NULL DEFAULT 5 CHECK (max_concurrent > 0),
    -- Maintained by every assignment change so routing never counts tickets per message.
    open_tickets     integer     NOT NULL DEFAULT 0 CHECK (open_tickets >= 0),
    tickets_handled  integer     NOT NULL DEFAULT 0,
    tickets_closed   integer     NOT NULL DEFAULT 0,
    rating_sum       integer     NOT NULL DEFAULT 0,
    rating_count     integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
    team_id   bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    agent_id  bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_agent ON team_members (agent_id);

-- Ticket numbers are TKT-<unix seconds>-<sequence mod 10^6>; one sequence serves every
-- daemon sharing the database, so numbers never collide across them.
CREATE SEQUENCE ticket_number_seq;

CREATE TABLE tickets (
    id                  bigserial PRIMARY KEY,
    number              text        NOT NULL UNIQUE,
    customer_id         bigint      NOT NULL REFERENCES customers (id),
    channel             text        NOT NULL,
    subject             text        NOT NULL,
    description         text        NOT NULL,
    category            text        NOT NULL DEFAULT 'general' CHECK (category IN (
                            'account', 'booking', 'payment', 'technical', 'billing', 'complaint',
                            'feature_request', 'bug_report', 'general', 'other')),
    priority            text        NOT NULL DEFAULT 'medium'
                        CHECK (priority IN ('urgent', 'high', 'medium', 'low')),
    status              text        NOT NULL DEFAULT 'open' CHECK (status IN (
                            'open', 'assigned', 'in_progress', 'waiting_customer',
                            'waiting_internal', 'resolved', 'closed', 'reopened', 'escalated')),
    assigned_to         bigint      REFERENCES agents (id),
    team_id             bigint      REFERENCES teams (id),
    escalation_level    integer     NOT NULL DEFAULT 0,
    tags                text[]      NOT NULL DEFAULT '{}',
    language            text        NOT NULL DEFAULT 'en',
    resolution_type     text        CHECK (resolution_type IN (
                            'solved', 'workaround', 'duplicate', 'cannot_reproduce', 'wont_fix',
                            'other')),
    resolution_summary  text,
    resolution_notes    text,
    merged_into         bigint      REFERENCES tickets (id),
    follow_up_of        bigint      REFERENCES tickets (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    last_activity_at    timestamptz NOT NULL DEFAULT now(),
    first_response_at   timestamptz,
    resolved_at         timestamptz,
    closed_at           timestamptz
);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at DESC);
CREATE INDEX tickets_assignee_status ON tickets (assigned_to, status);
CREATE INDEX tickets_status_priority ON tickets (status, priority);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_unassigned ON tickets (priority, created_at)
    WHERE assigned_to IS NULL AND status <> 'closed';

-- Keys by which a later message finds its ticket (email Message-IDs, a WhatsApp number).
CREATE TABLE ticket_threads (
    channel     text   NOT NULL,
    thread_key  text   NOT NULL,
    ticket_id   bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    PRIMARY KEY (channel, thread_key)
);
CREATE INDEX ticket_threads_ticket ON ticket_threads (ticket_id);

CREATE TABLE messages (
    id               bigserial PRIMARY KEY,
    ticket_id        bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    direction        text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    author_kind      text        NOT NULL CHECK (author_kind IN ('customer', 'agent', 'admin', 'system')),
    author_id        bigint,
    channel          text        NOT NULL,
    external_id      text,
    is_internal      boolean     NOT NULL DEFAULT false,
    subject          text,
    body             text        NOT NULL,
    metadata         jsonb       NOT NULL DEFAULT '{}',
    delivery_status  text        CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
    delivery_error   text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);
CREATE INDEX messages_provider_id ON messages (channel, external_id) WHERE direction = 'outbound';

-- Every inbound (channel, external id) is recorded once: a redelivery finds its receipt and
-- changes nothing. Kept apart from messages so merges and deletions never re-open the door.
CREATE TABLE inbound_receipts (
    channel      text        NOT NULL,
    external_id  text        NOT NULL,
    message_id   bigint      NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, external_id)
);

-- Attachments live in the database so every daemon sharing it sees them.
CREATE TABLE attachments (
    id            bigserial PRIMARY KEY,
    message_id    bigint      NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    content_id    text,
    size          bigint      NOT NULL,
    sha256        bytea       NOT NULL,
    content       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_message ON attachments (message_id);

-- The audit trail: who changed what, from which value to which, and through which rule.
CREATE TABLE audit_events (
    id          bigserial PRIMARY KEY,
    ticket_id   bigint      REFERENCES tickets (id) ON DELETE CASCADE,
    event       text        NOT NULL,
    actor_kind  text        NOT NULL CHECK (actor_kind IN ('customer', 'agent', 'admin', 'system', 'rule')),
    actor_id    bigint,
    rule        text,
    old_value   jsonb,
    new_value   jsonb,
    data        jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_ticket ON audit_events (ticket_id, id);

-- API tokens are stored as SHA-256 digests only; the plaintext is shown once.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    token_hash    bytea       NOT NULL UNIQUE,
    role          text        NOT NULL CHECK (role IN ('customer', 'agent', 'admin')),
    customer_id   bigint      REFERENCES customers (id) ON DELETE CASCADE,
    agent_id      bigint      REFERENCES agents (id) ON DELETE CASCADE,
    label         text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    CHECK ((role = 'customer') = (customer_id IS NOT NULL)),
    CHECK (role <> 'agent' OR agent_id IS NOT NULL)
);

-- Outbound messages, written in the same transaction as the change that caused them and
-- claimed by delivery workers with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    message_id       bigint      REFERENCES messages (id) ON DELETE CASCADE,
    ticket_id        bigint      REFERENCES tickets (id) ON DELETE CASCADE,
    channel          text        NOT NULL,
    to_kind          text        NOT NULL,
    to_value         text        NOT NULL,
    subject          text        NOT NULL DEFAULT '',
    body             text        NOT NULL,
    metadata         jsonb       NOT NULL DEFAULT '{}',
    status           text        NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_by       text,
    claimed_at       timestamptz,
    provider_id      text,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
