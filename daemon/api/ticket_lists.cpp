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

// The FROM/WHERE clause shared by the page and the count. With a search, the tickets come
// from the matches of the two GIN indexes (ticket text, message text), ranked: a ticket's own
// rank plus half that of its messages. $1 is the customer restriction.
constexpr std::string_view kSearchFrom = R"SQL(
  FROM (SELECT id, sum(rank) AS rank FROM (
          SELECT id, ts_rank(search_vector, $13) AS rank FROM tickets
          WHERE search_vector @@ $13
          UNION ALL
          SELECT m.ticket_id, 0.5 * ts_rank(m.search_vector, $13) FROM messages m
          WHERE m.search_vector @@ $13 AND ($14 OR NOT m.is_internal)) hit
        GROUP BY id) h
  JOIN tickets t ON t.id = h.id
)SQL";
constexpr std::string_view kPlainFrom = " FROM tickets t ";
constexpr std::string_view kFilter = R"SQL(
  WHERE ($1::bigint IS NULL OR t.customer_id = $1)
    AND ($2::jsonb IS NULL OR t.status = ANY (ARRAY(SELECT jsonb_array_elements_text($2))))
    AND (NOT $3::boolean OR t.status <> 'closed')
    AND ($4::jsonb IS NULL OR t.priority = ANY (ARRAY(SELECT jsonb_array_elements_text($4))))
    AND ($5::jsonb IS NULL OR t.category = ANY (ARRAY(SELECT jsonb_array_elements_text($5))))
    AND ($6::jsonb IS NULL OR t.channel = ANY (ARRAY(SELECT jsonb_array_elements_text($6))))
    AND ($7::bigint IS NULL OR t.assigned_to = $7)
    AND (NOT $8::boolean OR t.assigned_to IS NULL)
    AND ($9::bigint IS NULL OR t.customer_id = $9)
    AND ($10::jsonb IS NULL OR t.tags @> ARRAY(SELECT jsonb_array_elements_text($10)))
    AND ($11::timestamptz IS NULL OR t.created_at >= $11)
    AND ($12::timestamptz IS NULL OR t.created_at < $12)
    -- Always true; names $13 and $14 so their types are known when no search is given.
    AND ($13::tsquery IS NULL OR $14::boolean IS NOT NULL)
)SQL";

}  // namespace

Reply list_tickets(Call& call) {
  storage::Params p;
  p.add(call.staff() ? std::nullopt : std::optional<std::int64_t>(call.principal.customer_id));
  // "open" means every status but closed: the seed's "my open tickets".
  auto statuses = query(call, "status");
  bool open_only = false;
  std::optional<std::string> status_list;
  if (statuses) {
    auto items = split_list(*statuses);
    std::vector<std::string> exact;
    for (const auto& s : items) {
      if (s == "open") {
        open_only = true;
      } else if (core::parse_status(s)) {
        exact.push_back(s);
      } else {
        bad_query("status: " + core::invalid_value_message<core::Status>(s));
      }
    }
    if (!exact.empty()) status_list = json_array_text(exact);
    if (open_only && !exact.empty()) {
      exact.insert(exact.end(), {"open", "assigned", "in_progress", "waiting_customer",
                                 "waiting_internal", "resolved", "reopened", "escalated"});
      status_list = json_array_text(exact);
      open_only = false;
    }
  }
  p.add(status_list);
  p.add(open_only);
  p.add(enum_list<core::Priority>(call, "priority"));
  p.add(enum_list<core::Category>(call, "category"));
  auto channels = query(call, "channel");
  p.add(channels ? std::optional<std::string>(json_array_text(split_list(*channels))) : std::nullopt);
  std::optional<std::int64_t> assignee;
  bool unassigned = false;
  if (auto a = query(call, "assignedTo")) {
    if (*a == "me") {
      if (call.principal.agent_id == 0) bad_query("assignedTo=me needs an agent token");
      assignee = call.principal.agent_id;
    } else if (*a == "none") {
      unassigned = true;
    } else if (auto id = parse_id(*a)) {
      assignee = *id;
    } else {
      bad_query("assignedTo must be me, none or an agent id");
    }
  }
  p.add(assignee);
  p.add(unassigned);
  std::optional<std::int64_t> customer;
  if (auto c = query(call, "customer")) {
    customer = parse_id(*c);
    if (!customer) bad_query("customer must be a customer id");
  }
  p.add(customer);
  auto tags = query(call, "tags");
  p.add(tags ? std::optional<std::string>(json_array_text(split_list(*tags))) : std::nullopt);
  auto from = query_time(call, "createdFrom", false);
  if (!from) from = query_time(call, "startDate", false);
  auto to = query_time(call, "createdTo", true);
  if (!to) to = query_time(call, "endDate", true);
  p.add(from);
  p.add(to);
  auto q = query(call, "q");
  std::optional<std::string> tsquery;
  if (q) {
    auto rows = call.db.exec("SELECT websearch_to_tsquery('english', $1)::text", *q);
    tsquery = std::string(rows.text(0, 0));  // "" (only stop words) matches nothing
  }
  p.add(tsquery);
  p.add(call.staff());

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
  const auto source = std::string(q ? kSearchFrom : kPlainFrom) + std::string(kFilter);
  auto count = call.db.exec("SELECT count(*) " + source, p);
  const auto total = count.get<std::int64_t>(0, 0);
  storage::Params page_params = p;
  page_params.add(limit);
  page_params.add((page - 1) * limit);
  auto rows = call.db.exec("SELECT fd_ticket_json(t, $14, false)::text " + source +
                               " ORDER BY " + order + " LIMIT $15 OFFSET $16",
                           page_params);
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
