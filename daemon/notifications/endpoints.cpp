// SPDX-License-Identifier: Apache-2.0
// POST /notifications: a template, in the customer's language, on the first channel they
// have opted in to, through the outbox (WhatsApp outside the 24-hour window: the template's
// approved counterpart). Kept on the customer's record with an audit event; the caller's
// idempotency key answers a repeat with the first notification for 24 hours. Nothing is
// stored when anything is refused: an unknown template or customer, a missing variable, no
// opted-in channel (409 not_opted_in).
#include "notifications/endpoints.hpp"

#include "api/call_context.hpp"
#include "api/ticket_access.hpp"
#include "notifications/channel_choice.hpp"
#include "notifications/notification_request.hpp"
#include "rules/rule_store.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace frontdesk::notifications::endpoints {

namespace json = boost::json;
using api::Answer;
using api::Call;

namespace {

constexpr std::string_view kNotificationJson = R"sql(jsonb_build_object(
  'id', n.id, 'customerId', n.customer_id, 'template', n.template, 'channel', n.channel, 'to', n.to_value,
  'language', n.language, 'variables', n.variables, 'idempotencyKey', n.idempotency_key,
  'status', (SELECT o.status FROM outbox o WHERE o.id = n.outbox_id),
  'createdAt', fd_iso(n.created_at))::text)sql";

// The notification and its outbox row in one statement; none when the key was taken meanwhile.
constexpr std::string_view kSendSql = R"sql(
WITH ids AS (SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS outbox_id),
made AS (
  INSERT INTO customer_notifications (customer_id, idempotency_key, template, channel, to_value, language,
                                      variables, created_by, outbox_id)
  SELECT $1, $2, $3, $4, $5, $6, $7::jsonb, $8, ids.outbox_id FROM ids
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, outbox_id),
queued AS (
  INSERT INTO outbox (id, channel, to_kind, to_value, subject, body, metadata)
  SELECT made.outbox_id, $4, $9, $5, $10, $11, $12::jsonb FROM made)
SELECT id FROM made)sql";

struct Customer {
  std::int64_t id = 0;
  std::string name;
  std::string language;
};

api::Result<Customer> find_customer(storage::Connection& db, const CustomerRef& ref) {
  const auto rows = db.exec(
      "SELECT c.id, c.name, c.language FROM customers c WHERE c.id = $1 OR c.id = ("
      "  SELECT ci.customer_id FROM customer_identities ci"
      "  WHERE ($2 <> '' AND ci.kind = 'email' AND lower(ci.value) = lower($2))"
      "     OR ($3 <> '' AND ci.kind IN ('phone', 'whatsapp') AND ltrim(ci.value, '+') = ltrim($3, '+'))"
      "  ORDER BY ci.created_at LIMIT 1)",
      ref.id.value_or(0), ref.email, ref.phone);
  if (rows.empty()) return api::not_found("customer");
  return Customer{rows.get<std::int64_t>(0, 0), rows.get<std::string>(0, 1), rows.get<std::string>(0, 2)};
}

api::Result<> require_variables(const rules::TemplateSet& templates, const NotificationRequest& r) {
  if (!templates.has(r.template_name)) {
    return api::invalid("template: no template '" + r.template_name + "' (templates: " + templates.names() + ")");
  }
  std::string missing;
  for (const auto& name : templates.variables(r.template_name)) {
    if (r.variables.contains(name)) continue;
    if (!missing.empty()) missing += ", ";
    missing += name;
  }
  if (!missing.empty()) {
    return api::problem(422, "missing_variables",
                        "template '" + r.template_name + "' needs the variables: " + missing);
  }
  return {};
}

json::value notification(storage::Connection& db, std::int64_t id) {
  const auto rows = db.exec("SELECT " + std::string(kNotificationJson) + " FROM customer_notifications n WHERE n.id = $1", id);
  return json::parse(rows.text(0, 0));
}

// The outbox row's metadata: whom it is for (the WhatsApp window is the customer's), and for
// WhatsApp the approved template with its parameters in order.
json::object outbox_metadata(const rules::TemplateSet& templates, const NotificationRequest& r, const Customer& c,
                             const ChannelChoice& to) {
  json::object meta{{"customerId", c.id}, {"template", r.template_name}, {"autoSubmitted", true}};
  const auto* wa = templates.whatsapp(r.template_name);
  if (to.channel == "whatsapp" && wa != nullptr) {
    json::array parameters;
    for (const auto& p : wa->parameters) parameters.emplace_back(r.variables.find(p)->second);
    meta["template"] = json::object{{"name", wa->name}, {"language", wa->language}, {"parameters", parameters}};
  }
  return meta;
}

// The notification an earlier call made with the same live key (200, replayed), a conflict when
// it was for another customer or template, or nothing.
api::Result<std::optional<api::Reply>> replay_of(Call& call, const NotificationRequest& r, const Customer& c) {
  const auto earlier = call.db.exec(
      "SELECT id, customer_id = $2 AND template = $3 FROM customer_notifications WHERE idempotency_key = $1",
      r.idempotency_key, c.id, r.template_name);
  if (earlier.empty()) return std::optional<api::Reply>();
  if (!earlier.get<bool>(0, 1)) {
    return api::conflict("idempotencyKey '" + r.idempotency_key +
                         "' was used in the last 24 hours for another customer or template");
  }
  api::Reply replay;
  replay.body["notification"] = notification(call.db, earlier.get<std::int64_t>(0, 0));
  replay.body["replayed"] = true;
  return std::optional(std::move(replay));
}

}  // namespace

Answer send_notification(Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"customer", "template", "variables", "channels",
                                                                   "idempotencyKey"}));
  FD_TRY(const auto request, read_request(body));
  const auto set = api::CallContext<rules::RuleStore>::current().current();
  const auto& templates = set->templates();
  FD_CHECK(require_variables(templates, request));
  FD_TRY(const auto customer, find_customer(call.db, request.customer));

  // A key older than 24 hours is free again; a live one answers with what it made.
  call.db.exec(
      "UPDATE customer_notifications SET idempotency_key = NULL "
      "WHERE idempotency_key = $1 AND created_at < now() - interval '24 hours'",
      request.idempotency_key);
  FD_TRY(const auto earlier, replay_of(call, request, customer));
  if (earlier) return *earlier;

  const auto to = choose_channel(call.db, customer.id, request.channels);
  if (to.channel.empty()) {
    return api::problem(409, "not_opted_in",
                        "customer " + std::to_string(customer.id) + " is not opted in on any channel asked for (" +
                            to.refusals + ")");
  }
  const auto text = templates.render(request.template_name, {customer.language}, [&](std::string_view token) {
    if (token.starts_with(rules::kVariablePrefix)) {
      const auto it = request.variables.find(token.substr(rules::kVariablePrefix.size()));
      return it == request.variables.end() ? std::string() : it->second;
    }
    return token == "customer.name" ? customer.name : std::string();
  });
  json::object variables;
  for (const auto& [k, v] : request.variables) variables[k] = v;
  const auto made = call.db.exec(kSendSql, customer.id, request.idempotency_key, request.template_name, to.channel,
                                 to.to_value, customer.language, json::serialize(variables),
                                 std::string(call.actor_kind()), to.to_kind,
                                 to.channel == "email" ? text.subject : std::string(), text.body,
                                 json::serialize(outbox_metadata(templates, request, customer, to)));
  if (made.empty()) {  // the same key, made meanwhile by a call that committed first
    FD_TRY(const auto replay, replay_of(call, request, customer));
    if (replay) return *replay;
    return api::conflict("idempotencyKey '" + request.idempotency_key + "' is in use by another call");
  }
  const auto id = made.get<std::int64_t>(0, 0);
  api::audit(call, std::nullopt, "customer.notified", nullptr, json::string(to.channel),
             {{"customerId", customer.id}, {"notificationId", id}, {"template", request.template_name}});
  return api::created("notification", notification(call.db, id));
}

Answer opt_in(Call& call) {
  const auto id = api::parse_id(call.param(0));
  if (!id || call.db.exec("SELECT 1 FROM customers WHERE id = $1", *id).empty()) return api::not_found("customer");
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"channel"}));
  FD_TRY(const auto channel, body.required_string("channel", 16));
  if (std::find(kChannels.begin(), kChannels.end(), channel) == kChannels.end()) {
    return api::invalid("channel: unknown channel '" + channel + "' (valid: whatsapp, sms, email)");
  }
  const auto recorded = call.db.exec(
      "INSERT INTO customer_opt_ins (customer_id, channel, recorded_by) VALUES ($1, $2, $3) "
      "ON CONFLICT (customer_id, channel) DO NOTHING RETURNING fd_iso(opted_in_at)",
      *id, channel, std::string(call.actor_kind()));
  if (!recorded.empty()) {
    api::audit(call, std::nullopt, "customer.opted_in", nullptr, json::string(channel), {{"customerId", *id}});
  }
  const auto at = call.db.exec("SELECT fd_iso(opted_in_at) FROM customer_opt_ins WHERE customer_id = $1 AND channel = $2",
                               *id, channel);
  api::Reply r;
  r.status = recorded.empty() ? 200 : 201;
  r.body["optIn"] = json::object{{"customerId", *id}, {"channel", channel}, {"optedInAt", at.text(0, 0)}};
  return r;
}

}  // namespace frontdesk::notifications::endpoints
