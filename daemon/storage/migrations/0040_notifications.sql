-- Proactive notifications: a template sent to a customer on the first channel they have
-- opted in to. Each is kept on the customer's record; its caller's idempotency key answers a
-- repeated request for 24 hours (then it is cleared, so the key may be used again).
CREATE TABLE customer_notifications (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  template text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
  to_value text NOT NULL,
  language text NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  outbox_id bigint REFERENCES outbox (id) ON DELETE SET NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_notifications_customer ON customer_notifications (customer_id, id);

-- A customer's consent to messages we start, by channel (WhatsApp's business-initiated
-- messages need it; seed 002). STOP and unsubscribes stay in channel_opt_outs, which win.
CREATE TABLE customer_opt_ins (
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
  opted_in_at timestamptz NOT NULL DEFAULT now(),
  recorded_by text NOT NULL,
  PRIMARY KEY (customer_id, channel)
);
