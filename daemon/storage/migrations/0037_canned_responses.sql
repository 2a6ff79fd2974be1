-- Canned responses (docs/canned-responses.md): a shortcut, a title and a body per locale,
-- visible to its owner (personal), a team's members (team) or every agent (global).
CREATE TABLE canned_responses (
  id bigserial PRIMARY KEY,
  shortcut text NOT NULL CHECK (shortcut ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  scope text NOT NULL CHECK (scope IN ('personal', 'team', 'global')),
  team_id bigint REFERENCES teams (id) ON DELETE CASCADE,
  -- Who made it: the one who may change it besides admins. NULL for the bootstrap admin.
  owner_id bigint REFERENCES agents (id) ON DELETE CASCADE,
  -- {"en": "body", "es": "cuerpo"}: locale → body.
  translations jsonb NOT NULL CHECK (jsonb_typeof(translations) = 'object' AND translations <> '{}'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'team') = (team_id IS NOT NULL)),
  CHECK (scope <> 'personal' OR owner_id IS NOT NULL)
);

-- The API refuses a shortcut any one agent would see twice (409, naming the other response);
-- these indexes are the same rule within one scope, for writes that bypass it.
CREATE UNIQUE INDEX canned_responses_global_shortcut ON canned_responses (shortcut) WHERE scope = 'global';
CREATE UNIQUE INDEX canned_responses_team_shortcut ON canned_responses (team_id, shortcut) WHERE scope = 'team';
CREATE UNIQUE INDEX canned_responses_personal_shortcut ON canned_responses (owner_id, shortcut)
  WHERE scope = 'personal';

-- One row per message sent with the response: the usage windows (hour, day, week, month) are
-- exact counts over an index range, and each use names its message.
CREATE TABLE canned_response_uses (
  canned_response_id bigint NOT NULL REFERENCES canned_responses (id) ON DELETE CASCADE,
  used_at timestamptz NOT NULL DEFAULT now(),
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  agent_id bigint REFERENCES agents (id) ON DELETE SET NULL,
  PRIMARY KEY (canned_response_id, used_at, message_id)
);
CREATE INDEX canned_response_uses_message ON canned_response_uses (message_id);
