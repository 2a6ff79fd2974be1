#include "rules/runtime/ticket_state.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <boost/json.hpp>

namespace frontdesk::rules::runtime {

namespace {

std::vector<std::string> parse_text_array_json(std::string_view text) {
  std::vector<std::string> out;
  const auto value = boost::json::parse(text);
  if (!value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

void set_text(Facts& facts, Field f, const storage::Result& r, int col) {
  facts[f] = r.is_null(0, col) ? Value{} : Value::of_text(std::string(r.text(0, col)));
}

void set_number(Facts& facts, Field f, const storage::Result& r, int col) {
  facts[f] = r.is_null(0, col) ? Value{} : Value::of_number(static_cast<double>(r.get<std::int64_t>(0, col)));
}

void set_time(Facts& facts, Field f, const storage::Result& r, int col) {
  facts[f] = r.is_null(0, col) ? Value{} : Value::of_time(r.get<std::int64_t>(0, col));
}

constexpr std::string_view kTicketSql = R"(
SELECT t.id, t.number, t.subject, t.description, t.category, t.priority, t.status, t.channel,
       t.language, array_to_json(t.tags)::text, t.escalation_level, t.assigned_to, tm.name,
       (extract(epoch FROM t.created_at) * 1000)::bigint,
       (extract(epoch FROM t.updated_at) * 1000)::bigint,
       (extract(epoch FROM t.last_activity_at) * 1000)::bigint,
       t.resolution_type, t.team_id,
       c.id, c.name, c.language, c.tier,
       a.id, a.name, a.email, a.availability, a.open_tickets,
       m.id, m.body, m.subject, m.author_kind, m.channel, m.is_internal
FROM tickets t
JOIN customers c ON c.id = t.customer_id
LEFT JOIN teams tm ON tm.id = t.team_id
LEFT JOIN agents a ON a.id = t.assigned_to
LEFT JOIN messages m ON m.id = $2
WHERE t.id = $1
FOR NO KEY UPDATE OF t)";

}  // namespace

bool load_ticket(storage::Connection& db, std::int64_t ticket_id, std::optional<std::int64_t> message_id,
                 std::int64_t now_ms, TicketState& s, Facts& facts) {
  const auto r = db.exec(kTicketSql, ticket_id, message_id);
  if (r.empty()) return false;
  s.id = r.get<std::int64_t>(0, 0);
  s.number = r.get<std::string>(0, 1);
  s.subject = r.get<std::string>(0, 2);
  s.category = r.get<std::string>(0, 4);
  s.priority = r.get<std::string>(0, 5);
  s.status = r.get<std::string>(0, 6);
  s.channel = r.get<std::string>(0, 7);
  s.tags = parse_text_array_json(r.text(0, 9));
  s.escalation_level = r.get<std::int32_t>(0, 10);
  s.assigned_to = r.get_optional<std::int64_t>(0, 11);
  s.created_ms = r.get<std::int64_t>(0, 13);
  s.team_id = r.get_optional<std::int64_t>(0, 17);
  s.customer_id = r.get<std::int64_t>(0, 18);
  s.customer_name = r.get<std::string>(0, 19);
  s.language = r.get<std::string>(0, 20);

  set_number(facts, Field::ticket_id, r, 0);
  set_text(facts, Field::ticket_number, r, 1);
  set_text(facts, Field::ticket_subject, r, 2);
  set_text(facts, Field::ticket_description, r, 3);
  set_text(facts, Field::ticket_language, r, 8);
  set_text(facts, Field::ticket_team, r, 12);
  set_time(facts, Field::ticket_created_at, r, 13);
  set_time(facts, Field::ticket_updated_at, r, 14);
  set_time(facts, Field::ticket_last_activity_at, r, 15);
  set_text(facts, Field::ticket_resolution_type, r, 16);
  set_number(facts, Field::customer_id, r, 18);
  set_text(facts, Field::customer_name, r, 19);
  set_text(facts, Field::customer_language, r, 20);
  set_text(facts, Field::customer_tier, r, 21);
  set_number(facts, Field::agent_id, r, 22);
  set_text(facts, Field::agent_name, r, 23);
  set_text(facts, Field::agent_email, r, 24);
  set_text(facts, Field::agent_availability, r, 25);
  set_number(facts, Field::agent_open_tickets, r, 26);
  facts[Field::channel] = Value::of_text(s.channel);
  if (!r.is_null(0, 27)) {
    set_text(facts, Field::message_text, r, 28);
    set_text(facts, Field::message_subject, r, 29);
    set_text(facts, Field::message_author, r, 30);
    set_text(facts, Field::message_channel, r, 31);
    facts[Field::message_is_internal] = Value::of_bool(r.get<bool>(0, 32));
  }
  refresh_facts(s, facts);
  facts.derive_times(now_ms);
  return true;
}

void refresh_facts(const TicketState& s, Facts& facts) {
  facts[Field::ticket_category] = Value::of_text(s.category);
  facts[Field::ticket_priority] = Value::of_text(s.priority);
  facts[Field::ticket_status] = Value::of_text(s.status);
  facts[Field::ticket_channel] = Value::of_text(s.channel);
  facts[Field::ticket_tags] = Value::of_list(s.tags);
  facts[Field::ticket_escalation_level] = Value::of_number(s.escalation_level);
  facts[Field::ticket_assigned_to] =
      s.assigned_to ? Value::of_number(static_cast<double>(*s.assigned_to)) : Value{};
}

}  // namespace frontdesk::rules::runtime
