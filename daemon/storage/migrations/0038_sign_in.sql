-- People sign in: agents with e-mail and password (argon2id PHC strings), customers of the
-- portal with a link sent to them. A session is a cookie whose SHA-256 is stored here, as
-- API tokens are; its CSRF token is derived from the cookie, so nothing else is kept.
ALTER TABLE agents ADD COLUMN password_hash text
  CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%');

CREATE TABLE sessions (
  id bigserial PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('console', 'portal')),
  agent_id bigint REFERENCES agents (id) ON DELETE CASCADE,
  customer_id bigint REFERENCES customers (id) ON DELETE CASCADE,
  client_address text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK ((kind = 'console') = (agent_id IS NOT NULL)),
  CHECK ((kind = 'portal') = (customer_id IS NOT NULL))
);
CREATE INDEX sessions_agent ON sessions (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX sessions_customer ON sessions (customer_id) WHERE customer_id IS NOT NULL;

-- Failed logins, by the address typed and by the client: the lockout and the rate limit
-- count them over a window, in the database, so every daemon of a cluster counts the same.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  client_address text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_client ON login_failures (client_address, at);

-- Single-use links: a portal sign-in (customer) or an invitation to set a password (agent).
CREATE TABLE sign_in_links (
  token_hash bytea PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('portal', 'invite')),
  customer_id bigint REFERENCES customers (id) ON DELETE CASCADE,
  agent_id bigint REFERENCES agents (id) ON DELETE CASCADE,
  client_address text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK ((purpose = 'portal') = (customer_id IS NOT NULL)),
  CHECK ((purpose = 'invite') = (agent_id IS NOT NULL))
);
CREATE INDEX sign_in_links_customer ON sign_in_links (customer_id, created_at) WHERE customer_id IS NOT NULL;
