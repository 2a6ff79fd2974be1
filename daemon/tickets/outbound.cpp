// SPDX-License-Identifier: Apache-2.0
// Messages to the customer: where they go, how e-mail threads, and the mail-loop defence.
#include "tickets/ticket_writer.hpp"

#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace frontdesk::tickets {

namespace json = boost::json;

namespace {

// Where a message to the customer goes: the channel the customer asked on, when the message
// answers a request made there (a phone command); otherwise the ticket's own. Web-form tickets are answered by e-mail; tickets
// opened through the API by e-mail when the customer has an address and the e-mail channel
// is on, else in the portal (read through the API), so nothing waits on a channel that
// cannot send.
struct Route {
  std::string channel;
  std::string kind;
  std::string value;
  std::optional<std::string> error;
  bool portal = false;
};

Route route_for(storage::Connection& db, const Ticket& t, const std::string& asked_on) {
  Route r;
  if (!asked_on.empty()) {
    r.channel = asked_on;
  } else {
    r.channel = t.channel == "webform" || t.channel == "api" ? "email" : t.channel;
  }
  const auto rows = db.exec(
      "SELECT r.kind, r.value, coalesce((SELECT s.enabled FROM channel_settings s WHERE s.name = $2), true) "
      "FROM fd_reply_identity($1, $2) r",
      t.customer_id, r.channel);
  const bool known = !rows.empty() && !rows.is_null(0, 1);
  const bool enabled = rows.empty() || rows.get<bool>(0, 2);
  if (t.channel == "api" && (!known || !enabled)) {
    r.channel = "api";
    r.portal = true;
    return r;
  }
  r.kind = known ? std::string(rows.text(0, 0)) : (r.channel == "sms" ? "phone" : r.channel);
  r.value = known ? std::string(rows.text(0, 1)) : std::string();
  if (!known) {
    r.error = t.channel == "webform" ? "the customer gave no email address on the web form"
                                     : "the customer has no address on channel " + t.channel;
  } else if (!enabled) {
    r.error = t.channel == "webform" ? "web-form tickets are answered by email, and the email channel is not enabled"
                                     : "the " + r.channel + " channel is not enabled";
  }
  return r;
}

// In-Reply-To is the customer's last message; References is that message's References
// followed by its Message-ID (RFC 5322 §3.6.4), so the whole chain, the customer's first
// Message-ID included, travels with every answer.
void add_threading(storage::Connection& db, const Ticket& t, json::object& metadata) {
  const auto parent = db.exec(
      "SELECT external_id, coalesce(metadata -> 'references', '[]')::text FROM messages "
      "WHERE ticket_id = $1 AND direction = 'inbound' AND channel = 'email' AND external_id IS NOT NULL "
      "ORDER BY id DESC LIMIT 1",
      t.id);
  if (parent.empty()) {
    metadata["inReplyTo"] = nullptr;
    return;
  }
  const std::string id(parent.text(0, 0));
  json::array references;
  boost::system::error_code ec;
  const auto earlier = json::parse(parent.text(0, 1), ec);
  if (!ec && earlier.is_array()) {
    for (const auto& r : earlier.as_array()) {
      if (r.is_string() && r.as_string() != id) references.push_back(r);
    }
  }
  references.emplace_back(id);
  metadata["inReplyTo"] = id;
  metadata["references"] = std::move(references);
}

}  // namespace

Outcome<Sent> TicketWriter::send_to_customer(Ticket& t, Outbound m) {
  const bool automatic = actor_.kind == Actor::Kind::rule || actor_.kind == Actor::Kind::system;
  if (automatic) {
    const auto last = db_.exec(
        "SELECT coalesce(metadata ->> 'noAutoReply', 'false') = 'true' FROM messages "
        "WHERE ticket_id = $1 AND direction = 'inbound' ORDER BY id DESC LIMIT 1",
        t.id);
    if (!last.empty() && last.get<bool>(0, 0)) {
      const std::string why = "the customer's last message was automatic or bulk mail, which is never answered automatically";
      audit(t.id, "message.suppressed", nullptr, nullptr, json::object{{"reason", why}});
      return refuse(Refusal::Kind::conflict, why);
    }
  }
  if (actor_.kind == Actor::Kind::rule) m.metadata["rule"] = actor_.rule;
  const Route to = route_for(db_, t, m.channel);
  std::string subject = m.subject.empty() ? "Re: " + t.subject : m.subject;
  // E-mail carries the ticket number so the answer threads back to the ticket.
  if (to.channel == "email" && subject.find(t.number) == std::string::npos) subject += " [" + t.number + "]";
  const char* delivery = to.portal ? "delivered" : to.error ? "failed" : "queued";
  const std::string message_meta = json::serialize(m.metadata);
  const auto rows = db_.exec(
      "WITH n AS (SELECT coalesce($10::timestamptz, now()) AS at), "
      "touched AS (UPDATE tickets SET updated_at = (SELECT at FROM n), last_activity_at = (SELECT at FROM n), "
      "  first_response_at = CASE WHEN $9 THEN coalesce(first_response_at, (SELECT at FROM n)) "
      "                      ELSE first_response_at END WHERE id = $1) "
      "INSERT INTO messages (ticket_id, direction, author_kind, author_id, channel, subject, body, metadata, "
      "delivery_status, delivery_error, created_at) "
      "SELECT $1, 'outbound', $2, $3, $4, $5, $6, $7::jsonb, $8, $11, n.at FROM n RETURNING id",
      t.id, actor_.author_kind(), actor_.id, to.channel, subject, m.body, message_meta, delivery, m.first_response,
      at(), to.error);
  Sent sent{rows.get<std::int64_t>(0, 0), to.channel, !to.portal && !to.error, to.error};
  if (!to.portal) {
    json::object outbox_meta = m.metadata;
    outbox_meta["ticketNumber"] = t.number;
    outbox_meta["messageId"] = sent.message_id;
    outbox_meta["authorKind"] = actor_.author_kind();
    outbox_meta["authorId"] = actor_.id ? json::value(*actor_.id) : json::value(nullptr);
    outbox_meta["autoSubmitted"] = automatic;  // RFC 3834: automatic answers say so
    if (to.channel == "email") add_threading(db_, t, outbox_meta);
    db_.exec(
        "INSERT INTO outbox (message_id, ticket_id, channel, to_kind, to_value, subject, body, metadata, "
        "next_attempt_at, status, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, "
        "coalesce($9::timestamptz, now()), CASE WHEN $10::text IS NULL THEN 'pending' ELSE 'dead' END, $10)",
        sent.message_id, t.id, to.channel, to.kind, to.value, to.channel == "email" ? subject : std::string(),
        m.body, json::serialize(outbox_meta), at(), to.error);
  }
  json::object data{{"messageId", sent.message_id}, {"isInternal", false}, {"channel", to.channel}};
  if (const auto* name = m.metadata.if_contains("template")) data["template"] = *name;
  if (to.error) data["error"] = *to.error;
  audit(t.id, "message.sent", nullptr, nullptr, std::move(data));
  return sent;
}

}  // namespace frontdesk::tickets
