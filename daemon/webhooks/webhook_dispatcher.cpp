// SPDX-License-Identifier: Apache-2.0
#include "webhooks/webhook_dispatcher.hpp"

#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string_view>

namespace frontdesk::webhooks {

namespace {

// `message.created` subscribers get every message, inbound ones (message.received) too.
// Without a webhook nothing is read or written (no commit to flush per ingest group); a
// webhook gets the events made after it was, so a cursor left behind meanwhile does not
// send it older ones.
constexpr std::string_view kDispatchSql = R"SQL(
WITH cur AS (
  SELECT last_event_id FROM webhook_dispatch
  WHERE id = 1 AND EXISTS (SELECT 1 FROM webhooks WHERE deleted_at IS NULL)
  FOR UPDATE SKIP LOCKED
), ev AS (
  SELECT a, fd_event_type(a.event, a.data, a.ticket_id) AS type
  FROM cur JOIN audit_events a ON a.id > cur.last_event_id AND a.id <= $1
  WHERE a.ticket_id IS NOT NULL OR a.event LIKE 'incident.%'
), pairs AS (
  SELECT w.id AS webhook_id, w.url, (ev.a).id AS event_id, ev.type, ev.a AS a,
         nextval(pg_get_serial_sequence('outbox', 'id')) AS outbox_id
  FROM ev JOIN webhooks w
    ON w.deleted_at IS NULL AND ev.type IS NOT NULL AND (ev.a).created_at >= w.created_at
   AND (ev.type = ANY (w.events) OR (ev.type = 'message.received' AND 'message.created' = ANY (w.events)))
  WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.event_id = (ev.a).id)
  ORDER BY (ev.a).id, w.id
), deliveries AS (
  INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, outbox_id)
  SELECT webhook_id, event_id, type, outbox_id FROM pairs
  ON CONFLICT (webhook_id, event_id) DO NOTHING
  RETURNING outbox_id
), queued AS (
  INSERT INTO outbox (id, channel, to_kind, to_value, body, metadata)
  SELECT p.outbox_id, 'webhook', 'url', p.url, fd_event_json(p.a, p.type, true)::text,
         jsonb_build_object('webhookId', p.webhook_id, 'eventId', p.event_id, 'eventType', p.type)
  FROM pairs p JOIN deliveries d ON d.outbox_id = p.outbox_id
  RETURNING id
), moved AS (
  UPDATE webhook_dispatch SET last_event_id = greatest(last_event_id, $1)
  WHERE id = 1 AND EXISTS (SELECT 1 FROM cur)
  RETURNING 1
)
SELECT (SELECT count(*) FROM queued), (SELECT count(*) FROM moved)
)SQL";

constexpr auto kPollInterval = std::chrono::seconds(1);

}  // namespace

std::int64_t dispatch(storage::Connection& c, std::int64_t position) {
  return c.exec(kDispatchSql, position).get<std::int64_t>(0, 0);
}

WebhookDispatcher::WebhookDispatcher(storage::Database& db) : db_(db) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() { thread_ = std::thread([this] { run(); }); }

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::advanced(std::int64_t position) {
  {
    std::lock_guard lock(mutex_);
    if (position <= position_) return;
    position_ = position;
  }
  cv_.notify_all();
}

// A round runs when the position moved, and every poll interval anyway: a round skipped
// because another daemon held the cursor may have left events that daemon had not reached.
void WebhookDispatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    cv_.wait_for(lock, kPollInterval, [this] { return stopping_ || position_ != dispatched_; });
    if (stopping_) break;
    const auto position = position_;
    dispatched_ = position;
    lock.unlock();
    try {
      const auto queued = db_.run_sync([position](storage::Connection& c) { return dispatch(c, position); });
      if (queued > 0) spdlog::debug("webhooks: {} deliveries queued", queued);
    } catch (const std::exception& e) {
      spdlog::warn("webhooks: dispatching failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace frontdesk::webhooks
