// SPDX-License-Identifier: Apache-2.0
// The ticket page's forms. Each POST (its origin and CSRF token checked by the routes) calls
// the API's operation as the customer and answers 303 back to the ticket with what happened
// (?done=…) or why not (?error=…), so a reload never sends it twice.
#include "attachments/file_type.hpp"
#include "portal/api_calls.hpp"
#include "portal/pages.hpp"

#include "security/tokens.hpp"
#include "storage/connection.hpp"
#include "tickets/ticket_writer.hpp"

#include <boost/json/serialize.hpp>

namespace frontdesk::portal {

namespace {

namespace json = boost::json;

std::string ticket_path(const Visit& visit) { return "/portal/tickets/" + visit.request.params.at(0); }

// The ticket page again after the form's operation: its flash, or the refusal's.
http::Response back(Visit& visit, const api::Answer& answer, std::string_view done) {
  if (answer) return see_other(visit, ticket_path(visit), "done=" + std::string(done));
  const auto status = answer.error().status;
  if (status == 404) return message_page(visit, 404, "portal_not_found_title", "portal_not_found_text");
  const std::string error = status == 413 ? "too_large" : status == 409 ? "conflict" : "invalid";
  return see_other(visit, ticket_path(visit), "error=" + error);
}

// The uploaded files, stored as the reply's attachments in the API call's transaction, under
// safe names (form_data.hpp) with the types their bytes show, as the ingest pipeline stores
// every channel's.
api::Result<> store_files(Visit& visit, const api::Reply& reply) {
  const auto message = reply.body.at("message").as_object().at("id").as_int64();
  for (const auto& file : visit.form.files) {
    visit.db.exec(
        "INSERT INTO attachments (message_id, filename, content_type, size, sha256, content) "
        "SELECT $1, $2, $3, length(b), sha256(b), b FROM (SELECT $4::bytea AS b) f",
        message, file.name, attachments::stored_type(file.data, file.content_type), security::to_bytea_hex(file.data));
  }
  return {};
}

}  // namespace

http::Response reply(Visit& visit) {
  const auto text = visit.form.field("message");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return see_other(visit, ticket_path(visit), "error=invalid");
  }
  const auto& id = visit.request.params.at(0);
  auto answer = call_api_then(visit, {"POST", "/api/v1/support/tickets/:id/messages", {id}, "",
                                      json::serialize(json::object{{"message", text}})},
                              [&visit](const api::Reply& r) { return store_files(visit, r); });
  if (!answer) return back(visit, answer, "");
  // A message on a closed ticket opens a follow-up ticket: the customer is taken there.
  const auto landed = answer->body.at("ticket").as_object().at("id").as_int64();
  if (std::to_string(landed) != id) {
    return see_other(visit, "/portal/tickets/" + std::to_string(landed), "done=follow_up");
  }
  return back(visit, answer, "replied");
}

http::Response close(Visit& visit) {
  // The API leaves closing to staff; a customer closes their own ticket as the phone channels'
  // "close" command does it: through the ticket domain, as themselves.
  auto answer = call_api_then(visit, {"GET", "/api/v1/support/tickets/:id", {visit.request.params.at(0)}},
                              [&visit](const api::Reply& r) -> api::Result<> {
                                auto ticket = tickets::lock_ticket(visit.db, r.body.at("ticket").at("id").as_int64());
                                if (!ticket) return api::not_found("ticket");
                                tickets::TicketWriter customer(
                                    visit.db, tickets::Actor{tickets::Actor::Kind::customer, ticket->customer_id, {}, 0});
                                auto closed = customer.close(*ticket, {"other", "Closed by the customer", std::nullopt});
                                if (!closed) return api::conflict(closed.error().message);
                                return {};
                              });
  return back(visit, answer, "closed");
}

http::Response reopen(Visit& visit) {
  return back(visit, call_api(visit, {"PUT", "/api/v1/support/tickets/:id/reopen", {visit.request.params.at(0)}, "", "{}"}),
              "reopened");
}

http::Response rate(Visit& visit) {
  const auto rating = visit.form.field("rating");
  if (rating.size() != 1 || rating[0] < '1' || rating[0] > '5') {
    return see_other(visit, ticket_path(visit), "error=invalid");
  }
  json::object body{{"rating", rating[0] - '0'}};
  if (const auto comment = visit.form.field("comment"); comment.find_first_not_of(" \t\r\n") != std::string::npos) {
    body["feedback"] = comment;
  }
  return back(visit,
              call_api(visit, {"POST", "/api/v1/support/tickets/:id/rate", {visit.request.params.at(0)}, "",
                               json::serialize(body)}),
              "rated");
}

}  // namespace frontdesk::portal
