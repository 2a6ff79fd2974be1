-- A provider's report on an outbound message (read, delivered, failed) that came before the
-- outbox recorded the provider's id for the message: kept until it does, an hour at most
-- (daemon/tickets/delivery_report.hpp).
CREATE TABLE early_delivery_reports (
  channel text NOT NULL,
  external_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
  error text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, external_id)
);
CREATE INDEX early_delivery_reports_received_at ON early_delivery_reports (received_at);
