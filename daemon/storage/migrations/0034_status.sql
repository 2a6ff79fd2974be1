-- The status page (daemon/status): components in groups, incidents with their updates,
-- scheduled maintenance, incident templates, what the monitors found (raw results and the
-- daily roll-up the 90-day uptime reads), and the page's subscribers.
--
-- The states are DESIGN.md's; the legal moves between them are decided in C++
-- (status/states.cpp), the CHECKs only keep the words valid.

CREATE TABLE status_component_groups (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    position integer NOT NULL DEFAULT 0
);

CREATE TABLE status_components (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    group_id bigint REFERENCES status_component_groups (id),
    position integer NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'operational' CHECK (status IN (
        'operational', 'degraded_performance', 'partial_outage', 'major_outage',
        'under_maintenance')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A draft is an incident a monitor opened that no one has published yet: it is on the admin
-- API only, not on the page, and nobody has been notified of it.
CREATE TABLE status_incidents (
    id bigserial PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    impact text NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    draft boolean NOT NULL DEFAULT false,
    monitor text,  -- the monitor that opened it
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz
);
CREATE INDEX status_incidents_open ON status_incidents (created_at) WHERE status <> 'resolved';

CREATE TABLE status_incident_components (
    incident_id bigint NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
    component_id bigint NOT NULL REFERENCES status_components (id),
    PRIMARY KEY (incident_id, component_id)
);

CREATE TABLE status_incident_updates (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
    status text NOT NULL,
    message text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_incident_updates_incident ON status_incident_updates (incident_id, id);

CREATE TABLE status_maintenances (
    id bigserial PRIMARY KEY,
    title text NOT NULL,
    message text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN (
        'scheduled', 'in_progress', 'completed', 'cancelled')),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE status_maintenance_components (
    maintenance_id bigint NOT NULL REFERENCES status_maintenances (id) ON DELETE CASCADE,
    component_id bigint NOT NULL REFERENCES status_components (id),
    PRIMARY KEY (maintenance_id, component_id)
);

CREATE TABLE status_incident_templates (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title text NOT NULL,
    message text NOT NULL,
    status text NOT NULL DEFAULT 'investigating',
    impact text NOT NULL DEFAULT 'minor'
);

-- One row per configured monitor: its run of failures and the draft it opened.
CREATE TABLE status_monitor_state (
    monitor text PRIMARY KEY,
    component_id bigint NOT NULL REFERENCES status_components (id),
    failures integer NOT NULL DEFAULT 0,
    last_ok boolean,
    last_error text NOT NULL DEFAULT '',
    last_checked_at timestamptz,
    incident_id bigint REFERENCES status_incidents (id) ON DELETE SET NULL
);

-- Raw results, kept 90 days like the roll-up.
CREATE TABLE status_monitor_results (
    id bigserial PRIMARY KEY,
    monitor text NOT NULL,
    component_id bigint NOT NULL REFERENCES status_components (id),
    ok boolean NOT NULL,
    latency_ms integer NOT NULL,
    error text NOT NULL DEFAULT '',
    checked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_monitor_results_checked ON status_monitor_results (checked_at);

-- Checks and failures per component and UTC day: uptime = 1 - failures / checks.
CREATE TABLE status_uptime_daily (
    component_id bigint NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
    day date NOT NULL,
    checks integer NOT NULL DEFAULT 0,
    failures integer NOT NULL DEFAULT 0,
    PRIMARY KEY (component_id, day)
);

-- A subscriber: an address on a channel, confirmed (double opt-in) or not yet, and the
-- components they follow (none listed: all). `nonce` is in every token made for them;
-- unsubscribing changes it, so an old link is spent.
CREATE TABLE status_subscribers (
    id bigserial PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'webhook')),
    address text NOT NULL,
    nonce text NOT NULL DEFAULT md5(gen_random_uuid()::text),
    client_addr text NOT NULL DEFAULT '',
    locale text NOT NULL DEFAULT 'en',
    created_at timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    unsubscribed_at timestamptz,
    UNIQUE (channel, address)
);
CREATE INDEX status_subscribers_client ON status_subscribers (client_addr, created_at);

CREATE TABLE status_subscriber_components (
    subscriber_id bigint NOT NULL REFERENCES status_subscribers (id) ON DELETE CASCADE,
    component_id bigint NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
    PRIMARY KEY (subscriber_id, component_id)
);

-- The key the subscription tokens are signed with (HMAC-SHA256): one per installation, so
-- every daemon of a cluster checks the tokens any of them made.
CREATE TABLE status_secret (
    id integer PRIMARY KEY CHECK (id = 1),
    secret text NOT NULL
);
INSERT INTO status_secret (id, secret)
VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- Incident events waiting to be told to subscribers: written with the change, fanned out
-- into the outbox by whichever daemon claims them first (status/notifier.cpp).
CREATE TABLE status_notifications (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
    event text NOT NULL,
    message text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    dispatched_at timestamptz,
    recipients integer
);
CREATE INDEX status_notifications_pending ON status_notifications (id) WHERE dispatched_at IS NULL;

-- Which daemon runs the monitors: the holder renews its lease while it runs; another takes
-- over once it lapses.
CREATE TABLE status_monitor_lease (
    id integer PRIMARY KEY CHECK (id = 1),
    holder text NOT NULL DEFAULT '',
    expires_at timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO status_monitor_lease (id) VALUES (1);
