// SPDX-License-Identifier: Apache-2.0
// GET /tickets (filters, pagination, sort, full-text search), the agent dashboard and a
// ticket's audit trail. A list is one statement giving the total and the page, both served by
// an index (migrations 0005_api.sql, 0013_api_speed.sql), the page as one JSON array text that
// fd_ticket_objects builds and the answer carries as it is.
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "api/ticket_access.hpp"
#include "core/status.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>


namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

namespace {

template <core::NamedEnum E>
Result<std::optional<std::string>> enum_list(const Call& call, std::string_view key) {
  FD_TRY(const auto v, query(call, key));
  if (!v) return std::optional<std::string>();
  auto items = split_list(*v);
  for (const auto& item : items) {
    if (!core::parse_enum<E>(item)) {
      return bad_query(std::string(key) + ": " + core::invalid_value_message<E>(item));
    }
  }
  return std::optional<std::string>(json_array_text(items));
}

json::array json_rows(storage::Result& rows) {
  json::array out;
  out.reserve(static_cast<std::size_t>(rows.rows()));
  for (int i = 0; i < rows.rows(); ++i) out.push_back(json::parse(rows.text(i, 0)));
  return out;
}

// The WHERE clause of a list, holding only the filters a call uses: each combination is its
// own statement text, so the plan PostgreSQL caches for it fits it and uses its index.
class Filter {
 public:
  // Adds a bound value and returns its placeholder.
  template <class T>
  std::string arg(const T& value) {
    params_.add(value);
    return "$" + std::to_string(params_.size());
  }
  void where(std::string condition) {
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += condition;
  }
  // `column` is one of the values of a JSON array parameter.
  void any_of(std::string_view column, const std::optional<std::string>& json_array) {
    if (json_array) where(std::string(column) + " = ANY (ARRAY(SELECT jsonb_array_elements_text(" + arg(*json_array) + "::jsonb)))");
  }
  [[nodiscard]] const std::string& clause() const { return where_; }
  [[nodiscard]] const storage::Params& params() const { return params_; }

 private:
  storage::Params params_;
  std::string where_;
};

// The JSON array text of the tickets whose ids `ids` lists, in that order.
std::string tickets_json(const std::string& ids, const std::string& staff) {
  return "(SELECT coalesce(json_agg(o.ticket ORDER BY o.ord), '[]') FROM fd_ticket_objects(" + ids +
         ", " + staff + ") o)";
}

// The tickets whose own text or whose messages match, both GIN indexes, with their rank: a
// ticket's own rank plus half that of its messages. A ticket matches its own text once, so
// only the message matches are grouped, and joined to the ticket matches by a hash of the
// smaller side, not every match through one aggregate.
std::string search_hits(const std::string& query, bool staff) {
  return "SELECT coalesce(t.id, m.id) AS id, coalesce(t.rank, 0) + coalesce(m.rank, 0) AS rank"
         " FROM (SELECT ticket_id AS id, ts_rank(search_vector, " + query + ") AS rank"
         " FROM ticket_search WHERE search_vector @@ " + query + ") t"
         " FULL JOIN (SELECT ticket_id AS id, 0.5 * sum(ts_rank(search_vector, " + query + ")) AS rank"
         " FROM messages WHERE search_vector @@ " + query + (staff ? "" : " AND NOT is_internal") +
         " GROUP BY ticket_id) m ON m.id = t.id";
}

}  // namespace

Answer list_tickets(Call& call) {
  Filter f;
  if (!call.staff()) f.where("t.customer_id = " + f.arg(call.principal.customer_id));
  if (call.principal.ticket_scoped) {
    f.where("t.id IN (SELECT ticket_id FROM api_token_tickets WHERE token_id = " +
            f.arg(call.principal.token_id) + ")");
  }
  // "open" means every status but closed: the seed's "my open tickets".
  FD_TRY(const auto statuses, query(call, "status"));
  if (statuses) {
    bool open_only = false;
    std::vector<std::string> exact;
    for (const auto& s : split_list(*statuses)) {
      if (s == "open") {
        open_only = true;
      } else if (core::parse_status(s)) {
        exact.push_back(s);
      } else {
        return bad_query("status: " + core::invalid_value_message<core::Status>(s));
      }
    }
    if (open_only && !exact.empty()) {
      exact.insert(exact.end(), {"open", "assigned", "in_progress", "waiting_customer",
                                 "waiting_internal", "resolved", "reopened", "escalated"});
      open_only = false;
    }
    if (open_only) f.where("t.status <> 'closed'");
    if (!exact.empty()) f.any_of("t.status", json_array_text(exact));
  }
  FD_TRY(const auto priorities, enum_list<core::Priority>(call, "priority"));
  f.any_of("t.priority", priorities);
  FD_TRY(const auto categories, enum_list<core::Category>(call, "category"));
  f.any_of("t.category", categories);
  FD_TRY(const auto channels, query(call, "channel"));
  if (channels) f.any_of("t.channel", json_array_text(split_list(*channels)));
  FD_TRY(const auto a, query(call, "assignedTo"));
  if (a) {
    if (*a == "me") {
      if (call.principal.agent_id == 0) return bad_query("assignedTo=me needs an agent token");
      f.where("t.assigned_to = " + f.arg(call.principal.agent_id));
    } else if (*a == "none") {
      f.where("t.assigned_to IS NULL");
    } else if (auto id = parse_id(*a)) {
      f.where("t.assigned_to = " + f.arg(*id));
    } else {
      return bad_query("assignedTo must be me, none or an agent id");
    }
  }
  FD_TRY(const auto c, query(call, "customer"));
  if (c) {
    const auto customer = parse_id(*c);
    if (!customer) return bad_query("customer must be a customer id");
    f.where("t.customer_id = " + f.arg(*customer));
  }
  FD_TRY(const auto tags, query(call, "tags"));
  if (tags) {
    f.where("t.tags @> ARRAY(SELECT jsonb_array_elements_text(" + f.arg(json_array_text(split_list(*tags))) +
            "::jsonb))");
  }
  FD_TRY(auto from, query_time(call, "createdFrom", false));
  if (!from) {
    FD_TRY(from, query_time(call, "startDate", false));
  }
  FD_TRY(auto to, query_time(call, "createdTo", true));
  if (!to) {
    FD_TRY(to, query_time(call, "endDate", true));
  }
  if (from) f.where("t.created_at >= " + f.arg(*from) + "::timestamptz");
  if (to) f.where("t.created_at < " + f.arg(*to) + "::timestamptz");

  FD_TRY(const auto sla, query(call, "sla"));
  if (sla) {
    if (*sla != "at_risk") return bad_query("sla must be at_risk");
    // Open with a target due within the hour (or past it): the console's "at risk" view.
    f.where("t.status NOT IN ('resolved', 'closed') AND EXISTS (SELECT 1 FROM ticket_sla s "
            "WHERE s.ticket_id = t.id AND s.paused_since IS NULL AND ("
            "(t.first_response_at IS NULL AND s.first_response_due < now() + interval '1 hour') "
            "OR s.resolution_due < now() + interval '1 hour'))");
  }

  FD_TRY(const auto q, query(call, "q"));
  FD_TRY(const auto page, query_int(call, "page", 1, 1, 100000));
  FD_TRY(const auto limit, query_int(call, "limit", 20, 1, 100));
  FD_TRY(const auto given_sort, query(call, "sort"));
  const auto sort = given_sort.value_or(q ? "relevance" : "-createdAt");
  std::string order;
  if (sort == "relevance") {
    if (!q) return bad_query("sort=relevance needs q");
    order = "h.rank DESC, h.id DESC";
  } else if (sort == "createdAt" || sort == "-createdAt") {
    order = sort[0] == '-' ? "t.created_at DESC, t.id DESC" : "t.created_at, t.id";
  } else if (sort == "updatedAt" || sort == "-updatedAt") {
    order = sort[0] == '-' ? "t.updated_at DESC, t.id DESC" : "t.updated_at, t.id";
  } else if (sort == "priority" || sort == "-priority") {
    // "priority" puts the most urgent first.
    order = std::string("CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' "
                        "THEN 2 ELSE 3 END") + (sort[0] == '-' ? " DESC" : "") +
            ", t.created_at DESC, t.id DESC";
  } else {
    return bad_query("sort must be one of relevance, createdAt, -createdAt, updatedAt, "
                     "-updatedAt, priority, -priority");
  }

  // Keyset paging by creation ("after" is the nextCursor of the page before): no OFFSET that
  // reads every earlier row, and no row skipped or repeated when new tickets arrive meanwhile.
  FD_TRY(const auto after, query(call, "after"));
  const bool by_creation = sort == "createdAt" || sort == "-createdAt";
  if (after) {
    const auto dot = after->find('.');
    const auto micros = dot == std::string::npos ? std::nullopt : parse_id(after->substr(0, dot));
    const auto after_id = dot == std::string::npos ? std::nullopt : parse_id(after->substr(dot + 1));
    if (!micros || !after_id) return bad_query("after must be a nextCursor this endpoint answered");
    if (!by_creation || q) return bad_query("after needs sort=createdAt or -createdAt, without q");
    f.where(std::string("(t.created_at, t.id) ") + (sort[0] == '-' ? "<" : ">") +
            " ('epoch'::timestamptz + " + f.arg(*micros) + " * interval '1 microsecond', " + f.arg(*after_id) + ")");
  }

  std::string hits;
  std::string source = " FROM tickets t";
  std::string id = "t.id";
  if (q) {
    // Parsed once per statement: an initplan, not a call per row. "" (only stop words)
    // matches nothing.
    const std::string tsquery = "(SELECT websearch_to_tsquery('english', " + f.arg(*q) + "))";
    hits = "hit AS MATERIALIZED (" + search_hits(tsquery, call.staff()) + "), ";
    // The hits alone answer a search with no other filter in relevance order.
    if (f.clause().empty() && sort == "relevance") {
      source = " FROM hit h";
      id = "h.id";
    } else {
      source = " FROM hit h JOIN tickets t ON t.id = h.id";
    }
  }
  const std::string page_ids = "SELECT " + id + source + f.clause() + " ORDER BY " + order +
                               " LIMIT " + f.arg(limit) + " OFFSET " + f.arg(after ? 0 : (page - 1) * limit);
  const std::string total_sql = "SELECT count(*)" + source + f.clause();
  // The cursor of a full page's last ticket: its creation in microseconds since the epoch, exact.
  const std::string next_cursor =
      by_creation && !q ? "CASE WHEN cardinality(ids) = " + f.arg(limit) +
                              " THEN (SELECT (extract(epoch FROM created_at) * 1000000)::bigint || '.' || id "
                              "FROM tickets WHERE id = ids[cardinality(ids)]) END"
                        : std::string("NULL");
  auto rows = call.db.exec("WITH " + hits + "page AS MATERIALIZED (SELECT ARRAY(" + page_ids +
                               ") AS ids) SELECT (" + total_sql + "), cardinality(ids), " +
                               tickets_json("ids", f.arg(call.staff())) + ", " + next_cursor + " FROM page",
                           f.params());
  const auto total = rows.get<std::int64_t>(0, 0);
  Reply r;
  r.body["count"] = rows.get<std::int64_t>(0, 1);
  r.body["total"] = total;
  r.body["pagination"] = json::object{{"page", page},
                                      {"limit", limit},
                                      {"total", total},
                                      {"pages", (total + limit - 1) / limit}};
  if (!rows.is_null(0, 3)) r.body["pagination"].as_object()["nextCursor"] = rows.text(0, 3);
  r.json_text.emplace_back("tickets", rows.text(0, 2));
  return r;
}

Answer get_ticket(Call& call) {
  FD_TRY(const auto ticket, find_ticket(call, call.param(0), false));
  Reply r;
  r.body["ticket"] = ticket_json(call, ticket.id, true);
  return r;
}

Answer dashboard(Call& call) {
  const std::string assigned =
      "ARRAY(SELECT t.id FROM tickets t WHERE t.assigned_to = $1 AND t.status <> 'closed'"
      " ORDER BY t.created_at DESC, t.id DESC LIMIT 50)";
  const std::string unassigned =
      "ARRAY(SELECT t.id FROM tickets t"
      " WHERE t.assigned_to IS NULL AND t.status NOT IN ('resolved', 'closed')"
      " ORDER BY (CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"
      " ELSE 3 END), t.created_at LIMIT 50)";
  const std::string urgent =
      "ARRAY(SELECT t.id FROM tickets t"
      " WHERE t.priority = 'urgent' AND t.status NOT IN ('resolved', 'closed')"
      " ORDER BY t.created_at DESC LIMIT 50)";
  // Agent ids start at 1: the bootstrap admin's 0 has no tickets and no workload.
  auto rows = call.db.exec("SELECT " + tickets_json(assigned, "true") + ", " +
                               tickets_json(unassigned, "true") + ", " +
                               tickets_json(urgent, "true") +
                               ", coalesce((SELECT open_tickets FROM agents WHERE id = $1), 0)",
                           call.principal.agent_id);
  std::string dashboard = "{\"assignedTickets\":";
  dashboard += rows.text(0, 0);
  dashboard += ",\"unassignedTickets\":";
  dashboard += rows.text(0, 1);
  dashboard += ",\"urgentTickets\":";
  dashboard += rows.text(0, 2);
  dashboard += ",\"currentWorkload\":" + std::to_string(rows.get<std::int64_t>(0, 3)) + "}";
  Reply r;
  r.json_text.emplace_back("dashboard", std::move(dashboard));
  return r;
}

Answer ticket_events(Call& call) {
  FD_TRY(const auto ticket, find_ticket(call, call.param(0), false));
  auto rows = call.db.exec(
      "SELECT jsonb_build_object('id', id, 'event', event, 'actor', jsonb_build_object("
      "'kind', actor_kind, 'id', actor_id), 'rule', rule, 'oldValue', old_value, "
      "'newValue', new_value, 'data', data, 'createdAt', fd_iso(created_at))::text "
      "FROM audit_events WHERE ticket_id = $1 ORDER BY id",
      ticket.id);
  Reply r;
  r.body["ticketNumber"] = ticket.number;
  r.body["events"] = json_rows(rows);
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
