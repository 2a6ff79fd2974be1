// GET /tickets (filters, pagination, sort, full-text search), the agent dashboard and a
// ticket's audit trail. Every list is one statement for the page and one for the count,
// each served by an index (see migrations/0005_api.sql).
#include "api/api_error.hpp"
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
std::optional<std::string> enum_list(const Call& call, std::string_view key,
                                     std::vector<std::string> extra = {}) {
  auto v = query(call, key);
  if (!v) return std::nullopt;
  auto items = split_list(*v);
  for (const auto& item : items) {
    bool ok = core::parse_enum<E>(item).has_value();
    for (const auto& e : extra) ok = ok || item == e;
    if (!ok) bad_query(std::string(key) + ": " + core::invalid_value_message<E>(item));
  }
  return json_array_text(items);
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

// The ids of the tickets whose own text or whose messages match: both GIN indexes.
std::string search_matches(const std::string& query, bool staff) {
  return "SELECT id FROM tickets WHERE search_vector @@ " + query +
         " UNION SELECT m.ticket_id FROM messages m WHERE m.search_vector @@ " + query +
         (staff ? "" : " AND NOT m.is_internal");
}

// With a search, the tickets come from the matches of the two GIN indexes (ticket text,
// message text), ranked: a ticket's own rank plus half that of its messages.
std::string search_from(const std::string& query, bool staff) {
  return R"SQL(
  FROM (SELECT id, sum(rank) AS rank FROM (
          SELECT id, ts_rank(search_vector, )SQL" + query + R"SQL() AS rank FROM tickets
          WHERE search_vector @@ )SQL" + query + R"SQL(
          UNION ALL
          SELECT m.ticket_id, 0.5 * ts_rank(m.search_vector, )SQL" + query + R"SQL() FROM messages m
          WHERE m.search_vector @@ )SQL" + query + (staff ? "" : " AND NOT m.is_internal") + R"SQL() hit
        GROUP BY id) h
  JOIN tickets t ON t.id = h.id
)SQL";
}

}  // namespace

Reply list_tickets(Call& call) {
  Filter f;
  if (!call.staff()) f.where("t.customer_id = " + f.arg(call.principal.customer_id));
  // "open" means every status but closed: the seed's "my open tickets".
  if (auto statuses = query(call, "status")) {
    bool open_only = false;
    std::vector<std::string> exact;
    for (const auto& s : split_list(*statuses)) {
      if (s == "open") {
        open_only = true;
      } else if (core::parse_status(s)) {
        exact.push_back(s);
      } else {
        bad_query("status: " + core::invalid_value_message<core::Status>(s));
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
  f.any_of("t.priority", enum_list<core::Priority>(call, "priority"));
  f.any_of("t.category", enum_list<core::Category>(call, "category"));
  if (auto channels = query(call, "channel")) f.any_of("t.channel", json_array_text(split_list(*channels)));
  if (auto a = query(call, "assignedTo")) {
    if (*a == "me") {
      if (call.principal.agent_id == 0) bad_query("assignedTo=me needs an agent token");
      f.where("t.assigned_to = " + f.arg(call.principal.agent_id));
    } else if (*a == "none") {
      f.where("t.assigned_to IS NULL");
    } else if (auto id = parse_id(*a)) {
      f.where("t.assigned_to = " + f.arg(*id));
    } else {
      bad_query("assignedTo must be me, none or an agent id");
    }
  }
  if (auto c = query(call, "customer")) {
    const auto customer = parse_id(*c);
    if (!customer) bad_query("customer must be a customer id");
    f.where("t.customer_id = " + f.arg(*customer));
  }
  if (auto tags = query(call, "tags")) {
    f.where("t.tags @> ARRAY(SELECT jsonb_array_elements_text(" + f.arg(json_array_text(split_list(*tags))) +
            "::jsonb))");
  }
  auto from = query_time(call, "createdFrom", false);
  if (!from) from = query_time(call, "startDate", false);
  auto to = query_time(call, "createdTo", true);
  if (!to) to = query_time(call, "endDate", true);
  if (from) f.where("t.created_at >= " + f.arg(*from) + "::timestamptz");
  if (to) f.where("t.created_at < " + f.arg(*to) + "::timestamptz");

  auto q = query(call, "q");
  std::string source(" FROM tickets t ");
  Filter count_filter = f;
  if (q) {
    auto rows = call.db.exec("SELECT websearch_to_tsquery('english', $1)::text", *q);
    // "" (only stop words) matches nothing
    const std::string tsquery(rows.text(0, 0));
    source = search_from(f.arg(tsquery) + "::tsquery", call.staff());
    // Counting needs no ranks.
    count_filter.where("t.id IN (" + search_matches(count_filter.arg(tsquery) + "::tsquery", call.staff()) + ")");
  }
  source += f.clause();

  const auto page = query_int(call, "page", 1, 1, 100000);
  const auto limit = query_int(call, "limit", 20, 1, 100);
  auto sort = query(call, "sort").value_or(q ? "relevance" : "-createdAt");
  std::string order;
  if (sort == "relevance") {
    if (!q) bad_query("sort=relevance needs q");
    order = "h.rank DESC, t.id DESC";
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
    bad_query("sort must be one of relevance, createdAt, -createdAt, updatedAt, -updatedAt, "
              "priority, -priority");
  }
  auto count = call.db.exec("SELECT count(*) FROM tickets t" + count_filter.clause(), count_filter.params());
  const auto total = count.get<std::int64_t>(0, 0);
  Filter page_filter = f;
  const std::string page_sql = "SELECT fd_ticket_json(t, " + page_filter.arg(call.staff()) + ", false)::text " +
                               source + " ORDER BY " + order + " LIMIT " + page_filter.arg(limit) + " OFFSET " +
                               page_filter.arg((page - 1) * limit);
  auto rows = call.db.exec(page_sql, page_filter.params());
  Reply r;
  r.body["count"] = rows.rows();
  r.body["total"] = total;
  r.body["pagination"] = json::object{{"page", page},
                                      {"limit", limit},
                                      {"total", total},
                                      {"pages", (total + limit - 1) / limit}};
  r.body["tickets"] = json_rows(rows);
  return r;
}

Reply get_ticket(Call& call) {
  auto ticket = find_ticket(call, call.param(0), false);
  Reply r;
  r.body["ticket"] = ticket_json(call, ticket.id, true);
  return r;
}

Reply dashboard(Call& call) {
  const std::optional<std::int64_t> me =
      call.principal.agent_id > 0 ? std::optional<std::int64_t>(call.principal.agent_id)
                                  : std::nullopt;
  auto assigned = call.db.exec(
      "SELECT fd_ticket_json(t, true, false)::text FROM tickets t "
      "WHERE t.assigned_to = $1 AND t.status <> 'closed' ORDER BY t.created_at DESC LIMIT 50",
      me);
  auto unassigned = call.db.exec(
      "SELECT fd_ticket_json(t, true, false)::text FROM tickets t "
      "WHERE t.assigned_to IS NULL AND t.status NOT IN ('resolved', 'closed') "
      "ORDER BY (CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
      "ELSE 3 END), t.created_at LIMIT 50");
  auto urgent = call.db.exec(
      "SELECT fd_ticket_json(t, true, false)::text FROM tickets t "
      "WHERE t.priority = 'urgent' AND t.status NOT IN ('resolved', 'closed') "
      "ORDER BY t.created_at DESC LIMIT 50");
  auto workload = call.db.exec("SELECT coalesce((SELECT open_tickets FROM agents WHERE id = $1), 0)",
                               me);
  Reply r;
  r.body["dashboard"] = json::object{{"assignedTickets", json_rows(assigned)},
                                     {"unassignedTickets", json_rows(unassigned)},
                                     {"urgentTickets", json_rows(urgent)},
                                     {"currentWorkload", workload.get<std::int64_t>(0, 0)}};
  return r;
}

Reply ticket_events(Call& call) {
  auto ticket = find_ticket(call, call.param(0), false);
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
