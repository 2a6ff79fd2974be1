-- Outbound webhooks (daemon/webhooks): an admin's subscriptions, one delivery per event and
-- subscription, and the cluster-wide dispatch cursor. The event stream itself needs no table:
-- audit_events is the stream (daemon/events).

-- A subscription: where events of the listed types are POSTed, signed with `secret`. Deleting
-- one sets deleted_at, so its delivery log stays readable.
CREATE TABLE webhooks (
    id bigserial PRIMARY KEY,
    url text NOT NULL,
    events text[] NOT NULL,
    secret text NOT NULL,
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- One event handed to one subscription: the unique key is what makes a delivery happen once
-- whatever number of daemons dispatch. The outbox row (channel 'webhook') carries the attempts,
-- the retries and the dead letter.
CREATE TABLE webhook_deliveries (
    id bigserial PRIMARY KEY,
    webhook_id bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id bigint NOT NULL,
    event_type text NOT NULL,
    outbox_id bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_outbox ON webhook_deliveries (outbox_id);

-- How far the cluster has dispatched audit_events to subscriptions: one row, locked by the
-- daemon that dispatches. Starts at the newest event when the table is made, so installing
-- webhooks does not replay history.
CREATE TABLE webhook_dispatch (
    id integer PRIMARY KEY CHECK (id = 1),
    last_event_id bigint NOT NULL
);
INSERT INTO webhook_dispatch (id, last_event_id)
SELECT 1, coalesce(max(id), 0) FROM audit_events;
