// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/ticket_state.hpp"

#include "storage/array_literal.hpp"
#include "storage/connection.hpp"
#include "storage/result.hpp"


namespace frontdesk::rules::runtime {

namespace {

void set_text(Facts& facts, Field f, const storage::Result& r, int row, int col) {
  facts[f] = r.is_null(row, col) ? Value{} : Value::of_text(std::string(r.text(row, col)));
}

void set_number(Facts& facts, Field f, const storage::Result& r, int row, int col) {
  facts[f] = r.is_null(row, col) ? Value{} : Value::of_number(static_cast<double>(r.get<std::int64_t>(row, col)));
}

void set_time(Facts& facts, Field f, const storage::Result& r, int row, int col) {
  facts[f] = r.is_null(row, col) ? Value{} : Value::of_time(r.get<std::int64_t>(row, col));
}


// The newest open, published incident on a component whose keywords (words or phrases, in
// any case) appear in the ticket's subject or description, or whose category is the
// ticket's. With no incident open, the partial index status_incidents_open (0034) is empty.
constexpr std::string_view kOpenIncidentSql = R"(
  SELECT i.id, i.title FROM status_incidents i
  WHERE NOT i.draft AND i.status <> 'resolved'
    AND EXISTS (SELECT 1 FROM status_incident_components ic JOIN status_components sc ON sc.id = ic.component_id
                WHERE ic.incident_id = i.id
                  AND (sc.category = t.category
                       OR EXISTS (SELECT 1 FROM unnest(sc.keywords) k
                                  WHERE to_tsvector('simple', t.subject || ' ' || t.description)
                                        @@ phraseto_tsquery('simple', k))))
  ORDER BY i.id DESC LIMIT 1)";

const std::string kTicketSql = R"(
SELECT t.id, t.number, t.subject, t.description, t.category, t.priority, t.status, t.channel,
       t.language, array_to_json(t.tags)::text, t.escalation_level, t.assigned_to, tm.name,
       (extract(epoch FROM t.created_at) * 1000)::bigint,
       (extract(epoch FROM t.updated_at) * 1000)::bigint,
       (extract(epoch FROM t.last_activity_at) * 1000)::bigint,
       t.resolution_type, t.team_id,
       c.id, c.name, c.language, c.tier,
       a.id, a.name, a.email, a.availability, a.open_tickets,
       m.id, m.body, m.subject, m.author_kind, m.channel, m.is_internal, t.xmin::text, t.merged_into,
       inc.id, inc.title
FROM unnest($1::bigint[], $2::bigint[]) AS w(ticket_id, message_id)
JOIN tickets t ON t.id = w.ticket_id
JOIN customers c ON c.id = t.customer_id
LEFT JOIN teams tm ON tm.id = t.team_id
LEFT JOIN agents a ON a.id = t.assigned_to
LEFT JOIN messages m ON m.id = w.message_id
LEFT JOIN LATERAL ()" + std::string(kOpenIncidentSql) + R"() inc ON true
ORDER BY t.id)";

}  // namespace

storage::Result read_tickets(storage::Connection& db, const std::vector<TicketWanted>& wanted, TicketLock lock) {
  const std::string sql = kTicketSql + (lock == TicketLock::none          ? ""
                                                     : lock == TicketLock::wait        ? " FOR NO KEY UPDATE OF t"
                                                                                       : " FOR NO KEY UPDATE OF t SKIP LOCKED");
  storage::ArrayLiteral tickets;
  storage::ArrayLiteral messages;
  for (const auto& w : wanted) {
    tickets.add(w.ticket_id);
    messages.add(w.message_id);
  }
  return db.exec(sql, tickets.text(), messages.text());
}

bool load_ticket(storage::Connection& db, std::int64_t ticket_id, std::optional<std::int64_t> message_id,
                 std::int64_t now_ms, TicketState& s, Facts& facts) {
  const auto r = read_tickets(db, {{ticket_id, message_id}}, TicketLock::wait);
  if (r.empty()) return false;
  read_ticket(r, 0, now_ms, s, facts);
  return true;
}

void read_ticket(const storage::Result& r, int row, std::int64_t now_ms, TicketState& s, Facts& facts) {
  s.id = r.get<std::int64_t>(row, 0);
  s.number = r.get<std::string>(row, 1);
  s.subject = r.get<std::string>(row, 2);
  s.category = r.get<std::string>(row, 4);
  s.priority = r.get<std::string>(row, 5);
  s.status = core::parse_status(r.text(row, 6)).value_or(core::Status::open);
  s.channel = r.get<std::string>(row, 7);
  s.language = r.get<std::string>(row, 8);
  s.tags = tickets::parse_tags(r.text(row, 9));
  s.escalation_level = r.get<std::int32_t>(row, 10);
  s.assigned_to = r.get_optional<std::int64_t>(row, 11);
  s.created_ms = r.get<std::int64_t>(row, 13);
  s.team_id = r.get_optional<std::int64_t>(row, 17);
  s.customer_id = r.get<std::int64_t>(row, 18);
  s.customer_name = r.get<std::string>(row, 19);
  s.customer_language = r.get<std::string>(row, 20);
  s.merged_into = r.get_optional<std::int64_t>(row, kTicketVersion + 1);
  set_number(facts, Field::ticket_id, r, row, 0);
  set_text(facts, Field::ticket_number, r, row, 1);
  set_text(facts, Field::ticket_subject, r, row, 2);
  set_text(facts, Field::ticket_description, r, row, 3);
  set_text(facts, Field::ticket_language, r, row, 8);
  set_text(facts, Field::ticket_team, r, row, 12);
  set_time(facts, Field::ticket_created_at, r, row, 13);
  set_time(facts, Field::ticket_updated_at, r, row, 14);
  set_time(facts, Field::ticket_last_activity_at, r, row, 15);
  set_text(facts, Field::ticket_resolution_type, r, row, 16);
  set_number(facts, Field::customer_id, r, row, 18);
  set_text(facts, Field::customer_name, r, row, 19);
  set_text(facts, Field::customer_language, r, row, 20);
  set_text(facts, Field::customer_tier, r, row, 21);
  set_number(facts, Field::agent_id, r, row, 22);
  set_text(facts, Field::agent_name, r, row, 23);
  set_text(facts, Field::agent_email, r, row, 24);
  set_text(facts, Field::agent_availability, r, row, 25);
  set_number(facts, Field::agent_open_tickets, r, row, 26);
  facts[Field::channel] = Value::of_text(s.channel);
  s.message_id = r.get_optional<std::int64_t>(row, 27);
  if (s.message_id) {
    set_text(facts, Field::message_text, r, row, 28);
    set_text(facts, Field::message_subject, r, row, 29);
    set_text(facts, Field::message_author, r, row, 30);
    set_text(facts, Field::message_channel, r, row, 31);
    facts[Field::message_is_internal] = Value::of_bool(r.get<bool>(row, 32));
  }
  set_number(facts, Field::incident_id, r, row, kTicketVersion + 2);
  set_text(facts, Field::incident_title, r, row, kTicketVersion + 3);
  refresh_facts(s, facts);
  facts.derive_times(now_ms);
}

void refresh_facts(const TicketState& s, Facts& facts) {
  facts[Field::ticket_category] = Value::of_text(s.category);
  facts[Field::ticket_priority] = Value::of_text(s.priority);
  facts[Field::ticket_status] = Value::of_text(std::string(core::to_string(s.status)));
  facts[Field::ticket_channel] = Value::of_text(s.channel);
  facts[Field::ticket_tags] = Value::of_list(s.tags);
  facts[Field::ticket_escalation_level] = Value::of_number(s.escalation_level);
  facts[Field::ticket_assigned_to] =
      s.assigned_to ? Value::of_number(static_cast<double>(*s.assigned_to)) : Value{};
}

}  // namespace frontdesk::rules::runtime
