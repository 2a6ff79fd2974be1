-- The baseline: every table, index, sequence and constraint of migrations 0001..0023, the
-- last that a release shipped, as those left them, in one step. Those migrations also defined
-- functions and triggers; they live in daemon/storage/sql/ now, one file each, and are
-- applied after the migrations.
--
-- A database that recorded 0001..0023 (an installation of an earlier release) is at this
-- baseline: the migrator records it so and does not run this file. A database that recorded
-- only some of them is refused; the release before the squash migrates it to 0023 first.
-- The old migrations are in git history (0b8832f, before "storage: SQL in one place each").
--
-- New migrations hold table, index and data changes only and continue from 0024.

-- Enumerations are domains rather than CHECK constraints on the columns. PostgreSQL keeps a
-- table's CHECK constraints as stored expression text and parses and plans every one of them
-- again at the start of each INSERT or UPDATE statement, whichever columns it writes; ingest
-- and the rules runtime run several such statements per message. A domain's constraint is
-- parsed once per session and checked only where a statement writes the column.
CREATE DOMAIN fd_ticket_category AS text CHECK (VALUE IN (
    'account', 'booking', 'payment', 'technical', 'billing', 'complaint', 'feature_request',
    'bug_report', 'general', 'other'));
CREATE DOMAIN fd_ticket_priority AS text CHECK (VALUE IN ('urgent', 'high', 'medium', 'low'));
CREATE DOMAIN fd_ticket_status AS text CHECK (VALUE IN (
    'open', 'assigned', 'in_progress', 'waiting_customer', 'waiting_internal', 'resolved',
    'closed', 'reopened', 'escalated'));
CREATE DOMAIN fd_resolution_type AS text CHECK (VALUE IN (
    'solved', 'workaround', 'duplicate', 'cannot_reproduce', 'wont_fix', 'other'));
CREATE DOMAIN fd_message_direction AS text CHECK (VALUE IN ('inbound', 'outbound'));
CREATE DOMAIN fd_author_kind AS text CHECK (VALUE IN ('customer', 'agent', 'admin', 'system'));
CREATE DOMAIN fd_delivery_status AS text CHECK (VALUE IN ('queued', 'sent', 'delivered', 'read', 'failed'));
CREATE DOMAIN fd_actor_kind AS text CHECK (VALUE IN ('customer', 'agent', 'admin', 'system', 'rule'));
CREATE DOMAIN fd_outbox_status AS text CHECK (VALUE IN ('pending', 'sending', 'sent', 'failed', 'dead'));

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
    -- Kept by fd_track_workload on every assignment change, so routing never counts tickets.
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

-- The domain columns' defaults are text, as they were before the columns became domains; a
-- fresh database keeps them so, to equal an upgraded one.
--
-- Every inbound message touches its ticket (updated_at, last_activity_at), so that update is
-- kept cheap: no index on the columns it changes, and room left in each page (fillfactor), so
-- PostgreSQL updates the row in place (a HOT update) instead of adding an entry to each of the
-- table's indexes. Sorting lists by updatedAt is a top-N sort of the filtered rows.
CREATE TABLE tickets (
    id                  bigserial PRIMARY KEY,
    number              text        NOT NULL UNIQUE,
    customer_id         bigint      NOT NULL REFERENCES customers (id),
    channel             text        NOT NULL,
    subject             text        NOT NULL,
    description         text        NOT NULL,
    category            fd_ticket_category NOT NULL DEFAULT 'general'::text,
    priority            fd_ticket_priority NOT NULL DEFAULT 'medium'::text,
    status              fd_ticket_status   NOT NULL DEFAULT 'open'::text,
    assigned_to         bigint      REFERENCES agents (id),
    team_id             bigint      REFERENCES teams (id),
    escalation_level    integer     NOT NULL DEFAULT 0,
    tags                text[]      NOT NULL DEFAULT '{}',
    language            text        NOT NULL DEFAULT 'en',
    resolution_type     fd_resolution_type,
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
) WITH (fillfactor = 80);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at DESC);
CREATE INDEX tickets_assignee_status ON tickets (assigned_to, status);
CREATE INDEX tickets_status_priority ON tickets (status, priority);
CREATE INDEX tickets_created ON tickets (created_at);
-- The unassigned queue is handed out most urgent and oldest first.
CREATE INDEX tickets_unassigned ON tickets
    ((CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END),
     created_at)
    WHERE assigned_to IS NULL AND status NOT IN ('resolved', 'closed');
-- List filters and the dashboard. "open" in the API means "not closed".
CREATE INDEX tickets_open_created ON tickets (created_at DESC) WHERE status <> 'closed';
CREATE INDEX tickets_priority_open ON tickets (priority, created_at DESC)
    WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_category ON tickets (category, created_at DESC);
CREATE INDEX tickets_channel ON tickets (channel, created_at DESC);
-- GIN indexes that every new ticket or inbound message adds to keep small pending lists. A
-- GIN index buffers new entries and merges them into the index when the list outgrows
-- gin_pending_list_limit (4 MB by default); the statement that crosses the limit does the
-- whole merge, and under the webhook benchmark one message insert in ten thousand took over
-- 200 ms, stalling its whole ingest group. At 256 kB a merge is a sixteenth of that.
CREATE INDEX tickets_tags ON tickets USING gin (tags) WITH (gin_pending_list_limit = 256);
-- An agent's open tickets newest first (GET /tickets?status=open&assignedTo=me, the
-- dashboard) read straight off this index, ties broken by id as the API sorts, and counted
-- from it alone.
CREATE INDEX tickets_assignee_open_page ON tickets (assigned_to, created_at DESC, id DESC)
    WHERE status <> 'closed';

-- A ticket's search vector, in a narrow table of its own (fd_ticket_search_store keeps it):
-- a search visits every matching ticket, and this table holds some thirty to a page where
-- tickets hold about a dozen.
CREATE TABLE ticket_search (
    ticket_id     bigint   PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    search_vector tsvector NOT NULL
);
CREATE INDEX ticket_search_vector ON ticket_search USING gin (search_vector)
    WITH (gin_pending_list_limit = 256);

-- Keys by which a later message finds its ticket (email Message-IDs, a WhatsApp number).
CREATE TABLE ticket_threads (
    channel     text   NOT NULL,
    thread_key  text   NOT NULL,
    ticket_id   bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    PRIMARY KEY (channel, thread_key)
);
CREATE INDEX ticket_threads_ticket ON ticket_threads (ticket_id);

-- search_vector is kept by fd_messages_search_vector; it is NULL for the message that opened
-- its ticket (opens_ticket), whose text the ticket's own vector holds.
CREATE TABLE messages (
    id               bigserial PRIMARY KEY,
    ticket_id        bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    direction        fd_message_direction NOT NULL,
    author_kind      fd_author_kind       NOT NULL,
    author_id        bigint,
    channel          text        NOT NULL,
    external_id      text,
    is_internal      boolean     NOT NULL DEFAULT false,
    subject          text,
    body             text        NOT NULL,
    metadata         jsonb       NOT NULL DEFAULT '{}',
    delivery_status  fd_delivery_status,
    delivery_error   text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    search_vector    tsvector,
    opens_ticket     boolean     NOT NULL DEFAULT false
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);
CREATE INDEX messages_provider_id ON messages (channel, external_id) WHERE direction = 'outbound';
CREATE INDEX messages_search ON messages USING gin (search_vector) WITH (gin_pending_list_limit = 256);

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
--
-- ticket_id is not a foreign key: every event is written by a transaction that holds its
-- ticket, and nothing deletes tickets (merged and closed ones stay). The key's check cost a
-- query and a lock on the ticket row per event, a fifth of an SLA scheduler pass and a share
-- of every ingest group. Should an operator delete a ticket by hand, its history stays.
--
-- rules_pending: the event awaits rule evaluation (NULL for events older than the rules
-- runtime). A consumer claims pending rows with FOR UPDATE SKIP LOCKED and clears the flag in
-- the transaction that applies the rules' changes, so each event is handled once across all
-- daemons sharing the database. Nothing reads events by creation time, so no index on it.
CREATE TABLE audit_events (
    id             bigserial PRIMARY KEY,
    ticket_id      bigint,
    event          text          NOT NULL,
    actor_kind     fd_actor_kind NOT NULL,
    actor_id       bigint,
    rule           text,
    old_value      jsonb,
    new_value      jsonb,
    data           jsonb         NOT NULL DEFAULT '{}',
    created_at     timestamptz   NOT NULL DEFAULT now(),
    rules_pending  boolean       DEFAULT true
);
CREATE INDEX audit_events_ticket ON audit_events (ticket_id, id);
CREATE INDEX audit_events_rules_pending ON audit_events (id) WHERE rules_pending;

-- API tokens are stored as SHA-256 digests only; the plaintext is shown once.
CREATE TABLE api_tokens (
    id             bigserial PRIMARY KEY,
    token_hash     bytea       NOT NULL UNIQUE,
    role           text        NOT NULL CHECK (role IN ('customer', 'agent', 'admin')),
    customer_id    bigint      REFERENCES customers (id) ON DELETE CASCADE,
    agent_id       bigint      REFERENCES agents (id) ON DELETE CASCADE,
    label          text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz,
    revoked_at     timestamptz,
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
    status           fd_outbox_status NOT NULL DEFAULT 'pending'::text,
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
-- Rows whose lease may have expired (a daemon died mid-send).
CREATE INDEX outbox_leased ON outbox (claimed_at) WHERE status = 'sending';

-- CSAT surveys: at most one per ticket, answered once before it expires (fd_answer_survey).
CREATE TABLE surveys (
    id              bigserial PRIMARY KEY,
    ticket_id       bigint      NOT NULL UNIQUE REFERENCES tickets (id) ON DELETE CASCADE,
    agent_id        bigint      REFERENCES agents (id) ON DELETE SET NULL,
    channel         text        NOT NULL,
    kind            text        NOT NULL DEFAULT 'csat',
    sent_at         timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    rating          smallint    CHECK (rating BETWEEN 1 AND 5),
    feedback        text,
    answered_at     timestamptz,
    answer_channel  text,
    CHECK ((rating IS NULL) = (answered_at IS NULL))
);
CREATE INDEX surveys_agent_answered ON surveys (agent_id, answered_at) WHERE answered_at IS NOT NULL;

-- Recipients who asked a channel to stop (SMS STOP and its synonyms). The outbox worker
-- never hands a row for such a recipient to the plugin.
CREATE TABLE channel_opt_outs (
    channel         text        NOT NULL,
    identity_value  text        NOT NULL,
    keyword         text        NOT NULL,
    opted_out_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, identity_value)
);

-- The channels the daemons on this database deliver through: each daemon records its
-- configuration at start-up (fd_record_channels; daemons sharing a database share their
-- channel settings). A channel without a row counts as deliverable.
CREATE TABLE channel_settings (
    name       text        PRIMARY KEY,
    enabled    boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per scheduled rule. The daemon that locks a due row (SKIP LOCKED) runs the rule
-- and moves next_run_at in the same transaction, so a run happens once cluster-wide and a
-- crash mid-run leaves it due for another daemon. `schedule` is the rule's schedule text:
-- when an admin changes it, the next run is computed afresh.
CREATE TABLE rule_schedules (
    rule_name    text        PRIMARY KEY,
    schedule     text        NOT NULL,
    next_run_at  timestamptz NOT NULL,
    last_run_at  timestamptz,
    last_run_by  text
);

-- Where round-robin assignment left off, per team ('' for all agents).
CREATE TABLE rule_round_robin (
    scope          text   PRIMARY KEY,
    last_agent_id  bigint NOT NULL
);

-- SLA state per ticket (daemon/sla, docs/sla.md). fd_sla_track keeps the facts in the
-- transaction that changes the ticket; the SLA scheduler computes the rest.
CREATE TABLE ticket_sla (
    ticket_id                bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    policy                   text,
    calendar                 text,
    -- Facts kept by fd_sla_track.
    resolution_started_at    timestamptz NOT NULL,
    paused_since             timestamptz,
    pauses                   tstzmultirange NOT NULL DEFAULT '{}',
    -- Computed by the scheduler.
    first_response_due       timestamptz,
    first_response_warn_at   timestamptz,
    resolution_due           timestamptz,
    resolution_warn_at       timestamptz,
    first_response_warned    boolean     NOT NULL DEFAULT false,
    first_response_breached  boolean     NOT NULL DEFAULT false,
    resolution_warned        boolean     NOT NULL DEFAULT false,
    resolution_breached      boolean     NOT NULL DEFAULT false,
    -- When the scheduler must look at the ticket next: '-infinity' = facts changed,
    -- recompute now; NULL = nothing left to time.
    next_event_at            timestamptz,
    next_event_kind          text        CHECK (next_event_kind IN (
                                 'recompute', 'first_response.warning', 'first_response.breached',
                                 'resolution.warning', 'resolution.breached')),
    computed_at              timestamptz
);
CREATE INDEX ticket_sla_next_event ON ticket_sla (next_event_at) WHERE next_event_at IS NOT NULL;

-- Calendars as the daemon last published them, so SQL can count business time for the
-- ticket JSON's minutes remaining. `week` maps the weekday (0 = Sunday) to [[opens, closes],
-- ...] in minutes after local midnight, closes <= opens running past midnight.
CREATE TABLE sla_calendars (
    name        text        PRIMARY KEY,
    time_zone   text        NOT NULL,
    week        jsonb       NOT NULL,
    holidays    date[]      NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
