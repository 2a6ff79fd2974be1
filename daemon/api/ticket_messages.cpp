// SPDX-License-Identifier: Apache-2.0
// Creating tickets, adding messages and rating: customer-written text goes through fd_ingest
// (the one place that resolves customers and creates tickets); staff replies and notes are
// the ticket domain's (tickets::TicketWriter).
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/ticket_access.hpp"
#include "canned/reply_text.hpp"
#include "language/message_language.hpp"
#include "storage/connection.hpp"
#include "tickets/survey_answer.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxSubject = 500;
constexpr std::size_t kMaxText = 64 * 1024;

struct Identity {
  std::string kind;
  std::string value;
};

// The identity fd_ingest resolves the calling customer by: preferably their email; a
// customer known only through API tokens gets an "api" identity of its own.
Identity customer_identity(Call& call, std::int64_t customer_id) {
  auto rows = call.db.exec(
      "SELECT kind, value FROM customer_identities WHERE customer_id = $1 "
      "ORDER BY kind = 'email' DESC, created_at LIMIT 1",
      customer_id);
  if (rows.rows() > 0) return {std::string(rows.text(0, 0)), std::string(rows.text(0, 1))};
  Identity id{"api", "customer-" + std::to_string(customer_id)};
  call.db.exec(
      "INSERT INTO customer_identities (kind, value, customer_id) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING",
      id.kind, id.value, customer_id);
  return id;
}

// Seed 003's attachments are links ({url, fileName}); they are kept in the message metadata.
Result<json::object> message_metadata(const JsonBody& body) {
  json::object meta;
  if (const auto* a = body.raw("attachments")) {
    if (!a->is_array() || a->get_array().size() > 20) {
      return invalid("attachments must be an array of at most 20 {url, fileName} objects");
    }
    json::array links;
    for (const auto& item : a->get_array()) {
      const auto* o = item.if_object();
      const auto* url = o ? o->if_contains("url") : nullptr;
      const auto* name = o ? o->if_contains("fileName") : nullptr;
      if (!url || !url->is_string() || url->get_string().empty() ||
          url->get_string().size() > 2048 || (name && !name->is_string()) ||
          (name && name->get_string().size() > 255) || o->size() != (name ? 2U : 1U)) {
        return invalid("attachments must be {url, fileName} objects with string values");
      }
      links.push_back(json::object{{"url", *url},
                                   {"fileName", name ? *name : json::value(nullptr)}});
    }
    meta["links"] = std::move(links);
  }
  return meta;
}

struct Ingested {
  std::string status;
  std::int64_t ticket_id = 0;
  std::int64_t message_id = 0;
};

Ingested ingest(Call& call, const Identity& identity, const std::string& name,
                const std::string& ticket_ref, const std::string& subject, const std::string& body,
                const std::optional<std::string>& category,
                const std::optional<std::string>& priority, const json::object& metadata) {
  // The API gives no language hint: the text's own, as every channel's message gets.
  auto rows = call.db.exec(
      "SELECT status, ticket_id, message_id FROM fd_ingest('api', 'api-' || gen_random_uuid(), "
      "$1, $2, $3, $11, $4, '{}', '', $5, $6, $7, $8, $9::jsonb, NULL, $10, NULL, now())",
      identity.kind, identity.value, name, ticket_ref, subject, body, category, priority,
      json::serialize(metadata), ticket_ref.empty(), language::message_language({}, subject, body));
  return {std::string(rows.text(0, 0)), rows.get<std::int64_t>(0, 1),
          rows.get<std::int64_t>(0, 2)};
}

json::value message_json(Call& call, std::int64_t ticket_id, std::int64_t message_id) {
  auto ticket = ticket_json(call, ticket_id, true);
  for (const auto& m : ticket.at("messages").as_array()) {
    if (m.at("id").as_int64() == message_id) return m;
  }
  return nullptr;
}

// What staff send: their text (or the canned response's body) with its placeholders filled in;
// one left without a value refuses the message (422), as preview-reply shows beforehand.
Result<std::string> staff_text(Call& call, const Ticket& ticket, const std::string& text,
                               std::optional<std::int64_t> canned_id) {
  canned::ReplyRequest request{ticket.id, canned::Viewer{call.principal.agent_id, call.admin()},
                               text.empty() ? std::nullopt : std::optional<std::string>(text), canned_id,
                               std::nullopt};
  FD_TRY(auto reply, canned::compose_reply(call.db, request, "message"));
  if (!reply.rendered.unresolved.empty()) {
    return core::Unexpected(canned::unresolved_problem(reply.rendered, "message"));
  }
  if (reply.rendered.text.find_first_not_of(" \t\r\n") == std::string::npos) return invalid("message is required");
  return std::move(reply.rendered.text);
}

}  // namespace

Answer create_ticket(Call& call) {
  FD_TRY(const auto body,
         JsonBody::parse(call.request.body, {"subject", "description", "category", "priority",
                                             "relatedBooking", "attachments", "tags", "email",
                                             "name"}));
  FD_TRY(const auto subject, body.required_string("subject", kMaxSubject));
  FD_TRY(const auto description, body.required_string("description", kMaxText));
  FD_TRY(const auto category, body.enumeration<core::Category>("category"));
  FD_TRY(const auto priority, body.enumeration<core::Priority>("priority"));
  FD_TRY(const auto tags, body.strings("tags", 20, 64));
  FD_TRY(auto metadata, message_metadata(body));
  FD_TRY(const auto booking, body.string("relatedBooking", 200));
  if (booking) metadata["relatedBooking"] = *booking;
  Identity identity;
  std::string name;
  if (call.staff()) {
    FD_TRY(const auto email, body.required_string("email", 254));
    if (email.find('@') == std::string::npos || email.find_first_of(" \t\r\n<>") != std::string::npos) {
      return invalid("email is not a valid address");
    }
    auto rows = call.db.exec("SELECT lower(btrim($1))", email);
    identity = {"email", std::string(rows.text(0, 0))};
    FD_TRY(const auto given_name, body.string("name", 200));
    name = given_name.value_or("");
    metadata["createdBy"] = json::object{{"kind", call.actor_kind()},
                                         {"id", call.principal.agent_id}};
  } else {
    if (body.has("email") || body.has("name")) return invalid("customers may not set email or name");
    identity = customer_identity(call, call.principal.customer_id);
  }
  const auto cat = category ? std::optional<std::string>(core::to_string(*category)) : std::nullopt;
  const auto pri = priority ? std::optional<std::string>(core::to_string(*priority)) : std::nullopt;
  auto result = ingest(call, identity, name, "", subject, description, cat, pri, metadata);
  grant_to_caller(call, result.ticket_id);
  if (tags && !tags->empty()) {
    if (auto ticket = tickets::lock_ticket(call.db, result.ticket_id)) writer_for(call).set_tags(*ticket, *tags);
  }
  return api::created("ticket", ticket_json(call, result.ticket_id, true));
}

Answer add_message(Call& call) {
  FD_TRY(const auto body,
         JsonBody::parse(call.request.body, {"message", "attachments", "isInternal", "cannedResponseId"}));
  FD_TRY(const auto canned_id, body.id("cannedResponseId"));
  // With a canned response and no message, the response's body is the message.
  std::string text;
  if (!canned_id || body.has("message")) {
    FD_TRY(text, body.required_string("message", kMaxText));
  }
  FD_TRY(const auto is_internal, body.boolean("isInternal"));
  const bool internal = is_internal.value_or(false);
  FD_TRY(auto metadata, message_metadata(body));
  FD_TRY(auto ticket, find_ticket(call, call.param(0), true));
  Reply r;
  r.status = 201;
  if (!call.staff()) {
    if (internal) return forbidden("customers cannot write internal notes");
    if (canned_id) return forbidden("customers cannot use canned responses");
    // A message on a closed ticket opens a follow-up ticket (fd_ingest's rule).
    auto result = ingest(call, customer_identity(call, ticket.customer_id), "", ticket.number, "",
                         text, std::nullopt, std::nullopt, metadata);
    grant_to_caller(call, result.ticket_id);  // a follow-up of a closed ticket is new
    r.body["message"] = message_json(call, result.ticket_id, result.message_id);
    r.body["ticket"] = ticket_json(call, result.ticket_id, false);
    return r;
  }
  FD_CHECK(require_workable(call, ticket));
  FD_TRY(text, staff_text(call, ticket, text, canned_id));
  if (canned_id) metadata["cannedResponseId"] = *canned_id;
  auto writer = writer_for(call);
  std::int64_t message_id = 0;
  if (internal) {
    message_id = writer.add_note(ticket, text, metadata);
  } else {
    FD_TRY(const auto sent,
           accept(writer.send_to_customer(ticket, tickets::Outbound{{}, text, metadata, true, {}})));
    message_id = sent.message_id;
  }
  if (canned_id) canned::record_use(call.db, *canned_id, message_id, call.principal.agent_id);
  r.body["message"] = message_json(call, ticket.id, message_id);
  r.body["ticket"] = ticket_json(call, ticket.id, false);
  return r;
}

Answer rate(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"rating", "feedback"}));
  FD_TRY(const auto rating, body.integer("rating", 1, 5));
  if (!rating) return invalid("rating is required");
  FD_TRY(const auto feedback, body.string("feedback", 10000));
  FD_TRY(const auto ticket, find_ticket(call, call.param(0), true));
  if (ticket.status != core::Status::resolved && ticket.status != core::Status::closed) {
    return conflict("ticket " + ticket.number + " can be rated once it is resolved");
  }
  // A ticket rated before any survey was sent gets one now, so every answer is a survey's.
  call.db.exec(
      "INSERT INTO surveys (ticket_id, agent_id, channel, expires_at) "
      "SELECT id, assigned_to, 'api', now() + interval '30 days' FROM tickets WHERE id = $1 "
      "ON CONFLICT (ticket_id) DO NOTHING",
      ticket.id);
  auto writer = writer_for(call);
  const auto outcome = tickets::answer_survey(writer, ticket.id, tickets::Rating{static_cast<int>(*rating), feedback, "api"});
  if (outcome == tickets::SurveyAnswer::already_answered) return conflict("ticket " + ticket.number + " is already rated");
  if (outcome == tickets::SurveyAnswer::expired) return conflict("the survey for ticket " + ticket.number + " has expired");
  Reply r;
  r.body["rating"] = json::object{{"rating", *rating},
                                  {"feedback", feedback ? json::value(*feedback) : nullptr}};
  r.body["ticket"] = ticket_json(call, ticket.id, false);
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
