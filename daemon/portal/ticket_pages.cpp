// SPDX-License-Identifier: Apache-2.0
// Reading in the portal: the customer's tickets from every channel, newest activity first,
// and one ticket's conversation (never its internal notes: the API leaves them out for a
// customer, and the page checks again), with the forms its status allows.
#include "portal/api_calls.hpp"
#include "portal/pages.hpp"
#include "portal/ticket_view.hpp"

#include "storage/connection.hpp"

#include <boost/json/object.hpp>

namespace frontdesk::portal {

namespace {

namespace json = boost::json;
using web::Data;

constexpr int kPerPage = 30;

std::string str(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : std::string(); }

std::string ticket_href(const Visit& visit, std::int64_t id) {
  return "/portal/tickets/" + std::to_string(id) + visit.lang_query();
}

Data ticket_row(const Visit& visit, const json::object& t) {
  Data row = Data::type::object;
  row.set("href", ticket_href(visit, t.at("id").as_int64()));
  row.set("number", str(t.at("ticketNumber")));
  row.set("subject", str(t.at("subject")));
  row.set("status", str(t.at("status")));
  row.set("status_label", label(visit, "portal_status_", str(t.at("status"))));
  row.set("channel_label", label(visit, "portal_channel_", str(t.at("channel"))));
  row.set("updated", str(t.at("updatedAt")));
  row.set("updated_text", shown_time(str(t.at("updatedAt"))));
  return row;
}

// The ticket's id from the path: digits only, else no such ticket.
std::optional<std::string> ticket_id(const Visit& visit) {
  const auto& id = visit.request.params.at(0);
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return id;
}

}  // namespace

http::Response ticket_list(Visit& visit) {
  const auto page_text = visit.request.query_param("page").value_or("1");
  const int page = page_text.size() <= 5 && page_text.find_first_not_of("0123456789") == std::string::npos &&
                           !page_text.empty()
                       ? std::max(1, std::stoi(page_text))
                       : 1;
  auto listed = call_api(visit, {"GET", "/api/v1/support/tickets", {},
                                 "sort=-updatedAt&limit=" + std::to_string(kPerPage) + "&page=" + std::to_string(page)});
  if (!listed) throw std::runtime_error("portal ticket list: " + listed.error().message);
  Data rows = Data::type::list;
  const auto tickets = member(*listed, "tickets");  // named: a temporary would end before the loop
  for (const auto& t : tickets.as_array()) rows.push_back(ticket_row(visit, t.as_object()));
  Data data = Data::type::object;
  data.set("has_tickets", !rows.list_value().empty());
  data.set("tickets", std::move(rows));
  const auto pages = listed->body.at("pagination").as_object().at("pages").as_int64();
  const std::string lang = visit.locale.from_query ? "&lang=" + visit.locale.locale : "";
  if (page < pages) data.set("older_href", "/portal/?page=" + std::to_string(page + 1) + lang);
  if (page > 1) data.set("newer_href", "/portal/?page=" + std::to_string(page - 1) + lang);
  return portal_page(visit, 200, "portal_tickets", visit.text("portal_my_requests"), "/portal/", std::move(data));
}

http::Response ticket_page(Visit& visit) {
  const auto id = ticket_id(visit);
  if (!id) return message_page(visit, 404, "portal_not_found_title", "portal_not_found_text");
  auto found = call_api(visit, {"GET", "/api/v1/support/tickets/:id", {*id}});
  if (!found) return message_page(visit, 404, "portal_not_found_title", "portal_not_found_text");
  const auto& ticket = found->body.at("ticket").as_object();
  auto data = conversation(visit, ticket);
  const auto path = "/portal/tickets/" + *id;
  data.set("action", path);
  return portal_page(visit, 200, "portal_ticket", str(ticket.at("subject")), path, std::move(data));
}

http::Response attachment(Visit& visit) {
  const auto id = ticket_id(visit);
  const auto& file = visit.request.params.at(1);
  auto found = id ? call_api(visit, {"GET", "/api/v1/support/tickets/:id", {*id}}) : api::Answer(api::not_found("ticket"));
  // Only a file of a message the customer is shown: the API's own answer lists them.
  if (!found || !shows_file(found->body.at("ticket").as_object(), file)) {
    return message_page(visit, 404, "portal_not_found_title", "portal_not_found_text");
  }
  auto row = visit.db.exec("SELECT filename, encode(content, 'hex') FROM attachments WHERE id = $1::bigint", file);
  if (row.rows() == 0) return message_page(visit, 404, "portal_not_found_title", "portal_not_found_text");
  return download(row.text(0, 0), row.text(0, 1));
}

}  // namespace frontdesk::portal
