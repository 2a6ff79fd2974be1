// SPDX-License-Identifier: Apache-2.0
#include "webhooks/webhook_api.hpp"

#include "api/call_context.hpp"
#include "api/endpoint.hpp"
#include "api/json_body.hpp"
#include "events/event_types.hpp"
#include "http/router.hpp"
#include "outbox/webhook_sender.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "webhooks/webhook_context.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <array>

namespace frontdesk::webhooks {

namespace {

namespace json = boost::json;
using api::Call;
using api::Answer;
using api::Reply;

constexpr std::string_view kWebhookColumns =
    "w.id, w.url, array_to_json(w.events)::text, fd_iso(w.created_at)";

json::object webhook_json(const storage::Result& rows, int r) {
  return json::object{{"id", rows.get<std::int64_t>(r, 0)},
                      {"url", rows.get<std::string>(r, 1)},
                      {"events", json::parse(rows.text(r, 2))},
                      {"createdAt", rows.get<std::string>(r, 3)}};
}

api::Result<std::int64_t> webhook_id(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id) return api::not_found("webhook");
  return *id;
}

// The 4xx answers below are the validation's: 422 for a bad field, 404 for an unknown id.
Answer create_webhook(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"url", "events", "secret"}));
  FD_TRY(const auto url, body.required_string("url", 2048));
  std::string error;
  const auto parsed = outbox::parse_webhook_url(url, error);
  if (!parsed) return api::invalid("url: " + error);
  const auto& guard = api::CallContext<WebhookApiContext>::current().guard;
  if (const auto refused = guard.refusal(parsed->host); !refused.empty()) return api::invalid("url: " + refused);
  FD_TRY(const auto listed, body.strings("events", 32, 64));
  const auto events = listed.value_or(std::vector<std::string>{});
  if (events.empty()) return api::invalid("events: name at least one event type");
  for (const auto& type : events) {
    if (!events::is_event_type(type)) return api::invalid("events: unknown event type '" + type + "'");
  }
  FD_TRY(const auto secret, body.required_string("secret", 256));
  if (secret.size() < 8) return api::invalid("secret: at least 8 characters");
  json::array list(events.begin(), events.end());
  const auto rows = call.db.exec(
      "INSERT INTO webhooks AS w (url, events, secret, created_by) "
      "VALUES ($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3, $4) RETURNING " +
          std::string(kWebhookColumns),
      url, json::serialize(list), secret, call.actor_id());
  return api::created("webhook", webhook_json(rows, 0));
}

Answer list_webhooks(Call& call) {
  const auto rows = call.db.exec("SELECT " + std::string(kWebhookColumns) +
                                 " FROM webhooks w WHERE w.deleted_at IS NULL ORDER BY w.id");
  json::array list;
  for (int r = 0; r < rows.rows(); ++r) list.push_back(webhook_json(rows, r));
  Reply reply;
  reply.body["webhooks"] = std::move(list);
  return reply;
}

// Deleting stops the deliveries still waiting; the log stays readable. One statement, so it
// needs no transaction of its own.
Answer delete_webhook(Call& call) {
  FD_TRY(const auto id, webhook_id(call));
  const auto rows = call.db.exec(
      "WITH gone AS (UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id), "
      "stopped AS (UPDATE outbox o SET status = 'failed', last_error = 'webhook deleted', updated_at = now() "
      "  FROM webhook_deliveries d, gone WHERE d.webhook_id = gone.id AND o.id = d.outbox_id "
      "  AND o.status = 'pending' RETURNING 1) "
      "SELECT id FROM gone",
      id);
  if (rows.rows() == 0) return api::not_found("webhook");
  Reply r;
  r.body["deleted"] = id;
  return r;
}

Answer list_deliveries(Call& call) {
  FD_TRY(const auto id, webhook_id(call));
  if (call.db.exec("SELECT 1 FROM webhooks WHERE id = $1", id).rows() == 0) return api::not_found("webhook");
  std::int64_t limit = 50;
  if (const auto text = call.request.query_param("limit")) {
    const auto parsed = api::parse_id(*text);
    if (!parsed || *parsed > 100) return api::invalid("limit: a number from 1 to 100");
    limit = *parsed;
  }
  const auto rows = call.db.exec(
      "SELECT d.id, d.event_id, d.event_type, o.status, o.attempts, coalesce(o.last_error, ''), "
      "       fd_iso(d.created_at), fd_iso(o.updated_at), "
      "       CASE WHEN o.status = 'pending' THEN fd_iso(o.next_attempt_at) END "
      "FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id "
      "WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2",
      id, limit);
  json::array list;
  for (int r = 0; r < rows.rows(); ++r) {
    json::object d{{"id", rows.get<std::int64_t>(r, 0)},
                   {"eventId", rows.get<std::int64_t>(r, 1)},
                   {"type", rows.get<std::string>(r, 2)},
                   {"status", rows.get<std::string>(r, 3)},
                   {"attempts", rows.get<std::int32_t>(r, 4)},
                   {"lastError", rows.is_null(r, 5) || rows.text(r, 5).empty()
                                     ? json::value(nullptr)
                                     : json::value(rows.get<std::string>(r, 5))},
                   {"createdAt", rows.get<std::string>(r, 6)},
                   {"updatedAt", rows.get<std::string>(r, 7)},
                   {"nextAttemptAt", rows.is_null(r, 8) ? json::value(nullptr)
                                                        : json::value(rows.get<std::string>(r, 8))}};
    list.push_back(std::move(d));
  }
  Reply reply;
  reply.body["deliveries"] = std::move(list);
  return reply;
}

constexpr std::array kEndpoints{
    api::Endpoint{"POST", "/api/v1/support/webhooks", api::kAdmin, true, create_webhook},
    api::Endpoint{"GET", "/api/v1/support/webhooks", api::kAdmin, false, list_webhooks},
    api::Endpoint{"DELETE", "/api/v1/support/webhooks/:id", api::kAdmin, false, delete_webhook},
    api::Endpoint{"GET", "/api/v1/support/webhooks/:id/deliveries", api::kAdmin, false, list_deliveries},
};

boost::asio::awaitable<http::Response> serve(const WebhookApiContext& ctx, const api::Endpoint& endpoint,
                                             http::Request req) {
  auto work = [&ctx, &endpoint, req = std::move(req)](storage::Connection& c) {
    const api::CallContext<WebhookApiContext> scope(ctx);
    return api::invoke(c, ctx.bootstrap_admin_token, endpoint, req);
  };
  co_return co_await ctx.db.async_run(std::move(work), boost::asio::use_awaitable);
}

}  // namespace

std::span<const api::Endpoint> endpoints() { return kEndpoints; }

void register_webhook_routes(http::Router& router, const WebhookApiContext& context) {
  for (const auto& endpoint : kEndpoints) {
    router.add_coro(endpoint.method, endpoint.pattern, [&context, &endpoint](http::Request req) {
      return serve(context, endpoint, std::move(req));
    });
  }
}

}  // namespace frontdesk::webhooks
