// SPDX-License-Identifier: Apache-2.0
#include "status/notifier.hpp"

#include "status/mail_text.hpp"
#include "status/subscription_token.hpp"
#include "storage/connection.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace frontdesk::status {

namespace json = boost::json;

namespace {

// Confirmed subscribers following one of the incident's components; those who named no
// component follow all, and an incident naming none concerns everybody.
constexpr std::string_view kRecipientsSql = R"sql(
SELECT s.id, s.channel, s.address, s.nonce, s.locale FROM status_subscribers s
WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
  AND (NOT EXISTS (SELECT 1 FROM status_subscriber_components sc WHERE sc.subscriber_id = s.id)
       OR NOT EXISTS (SELECT 1 FROM status_incident_components ic WHERE ic.incident_id = $1)
       OR EXISTS (SELECT 1 FROM status_subscriber_components sc
                  JOIN status_incident_components ic ON ic.component_id = sc.component_id
                  WHERE sc.subscriber_id = s.id AND ic.incident_id = $1))
ORDER BY s.id)sql";

}  // namespace

void queue_notification(storage::Connection& db, std::int64_t incident, std::string_view event,
                        std::string_view message) {
  if (event != "incident.opened" && event != "incident.updated" && event != "incident.resolved") return;
  db.exec("INSERT INTO status_notifications (incident_id, event, message) VALUES ($1, $2, $3)", incident,
          std::string(event), std::string(message));
}

std::string token_secret(storage::Connection& db) {
  return std::string(db.exec("SELECT secret FROM status_secret WHERE id = 1").text(0, 0));
}

std::size_t dispatch_one(storage::Connection& db, const PageSettings& page, bool& claimed) {
  auto pending = db.exec(
      "SELECT n.id, n.incident_id, n.event, n.message, i.title, i.status, i.impact "
      "FROM status_notifications n JOIN status_incidents i ON i.id = n.incident_id "
      "WHERE n.dispatched_at IS NULL ORDER BY n.id LIMIT 1 FOR UPDATE OF n SKIP LOCKED");
  claimed = !pending.empty();
  if (!claimed) return 0;
  const auto id = pending.get<std::int64_t>(0, 0);
  const auto incident = pending.get<std::int64_t>(0, 1);
  const std::string secret = token_secret(db);
  const std::string page_url = page.public_url + "/status";
  auto recipients = db.exec(kRecipientsSql, incident);
  json::array rows;
  for (int r = 0; r < recipients.rows(); ++r) {
    const auto subscriber = recipients.get<std::int64_t>(r, 0);
    const auto channel = recipients.text(r, 1);
    const std::string unsubscribe_url =
        page_url + "/unsubscribe?token=" +
        make_token(secret, subscriber, TokenPurpose::unsubscribe, recipients.text(r, 3));
    const IncidentNotice notice{page.name,        pending.text(0, 4), pending.text(0, 5), pending.text(0, 3),
                                page_url,         unsubscribe_url};
    if (channel == "webhook") {
      json::object payload{{"type", pending.text(0, 2)},
                           {"incident", {{"id", incident}, {"title", pending.text(0, 4)},
                                         {"status", pending.text(0, 5)}, {"impact", pending.text(0, 6)},
                                         {"message", pending.text(0, 3)}}},
                           {"page", page_url},
                           {"unsubscribeUrl", unsubscribe_url}};
      rows.push_back({{"channel", "webhook"}, {"kind", "url"}, {"to", recipients.text(r, 2)}, {"subject", ""},
                      {"body", json::serialize(payload)},
                      {"metadata", {{"contentType", "application/json"}, {"statusSubscriber", subscriber}}}});
    } else {
      const auto text = incident_text(recipients.text(r, 4), notice);
      json::object metadata{{"autoSubmitted", "auto-generated"}, {"statusSubscriber", subscriber}};
      if (channel == "email") metadata["listUnsubscribe"] = unsubscribe_url;
      rows.push_back({{"channel", channel}, {"kind", channel == "email" ? "email" : "phone"},
                      {"to", recipients.text(r, 2)}, {"subject", channel == "email" ? text.subject : ""},
                      {"body", channel == "email" ? text.body : text.subject + "\n" + unsubscribe_url},
                      {"metadata", std::move(metadata)}});
    }
  }
  db.exec(
      "INSERT INTO outbox (channel, to_kind, to_value, subject, body, metadata) "
      "SELECT x.channel, x.kind, x.\"to\", x.subject, x.body, x.metadata "
      "FROM jsonb_to_recordset($1::jsonb) AS x(channel text, kind text, \"to\" text, subject text, body text, "
      "metadata jsonb)",
      json::serialize(rows));
  db.exec("UPDATE status_notifications SET dispatched_at = now(), recipients = $2 WHERE id = $1", id,
          static_cast<std::int64_t>(rows.size()));
  return rows.size();
}

}  // namespace frontdesk::status
