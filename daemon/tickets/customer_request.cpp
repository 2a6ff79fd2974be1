// SPDX-License-Identifier: Apache-2.0
#include "tickets/customer_request.hpp"

#include "core/help_visitor.hpp"
#include "core/status.hpp"
#include "storage/connection.hpp"
#include "tickets/survey_answer.hpp"
#include "tickets/ticket_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace frontdesk::tickets {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// "status" tells the ticket's state, "agent" asks for a person (the tag is what the rules
// and the staff see), "close" closes the ticket from any open status. Each is answered on
// the channel it was asked on.
void run_command(storage::Connection& db, Ticket& t, const CustomerRequest& r, const std::string& command) {
  TicketWriter customer(db, Actor{Actor::Kind::customer, t.customer_id, {}, 0});
  std::string answer;
  if (command == "status") {
    std::string status(core::to_string(t.status));
    std::replace(status.begin(), status.end(), '_', ' ');
    answer = "Ticket " + t.number + " is " + status + ".";
  } else if (command == "agent") {
    customer.add_tag(t, "agent-requested");
    answer = "Thanks, an agent will answer you on ticket " + t.number + " as soon as possible.";
  } else if (command == "close") {
    if (t.status != core::Status::closed) {
      const auto closed = customer.close(t, Closing{"other", "Closed by the customer", std::nullopt});
      if (!closed) spdlog::warn("ticket {}: the customer's close was refused: {}", t.number, closed.error().message);
    }
    answer = "Ticket " + t.number + " is closed. Write to us again any time.";
  } else {
    return;  // a word this version does not know: the message stays an ordinary message
  }
  customer.audit(t.id, "customer.command", nullptr, json::value(command),
                 json::object{{"channel", r.channel}, {"messageId", r.message_id}});
  TicketWriter system(db, Actor::system());
  const auto sent = system.send_to_customer(
      t, Outbound{{}, std::move(answer), json::object{{"command", command}}, false, r.channel});
  if (!sent) spdlog::warn("ticket {}: the answer to '{}' was not sent: {}", t.number, command, sent.error().message);
}

// STOP lands in channel_opt_outs, and the outbox never hands a message for that recipient
// to the plugin; START removes it.
void change_opt_out(storage::Connection& db, const Ticket& t, const CustomerRequest& r, const std::string& change) {
  const std::string from = text_of(r.metadata, "from");
  if (from.empty() || (change != "stop" && change != "start")) return;
  std::string keyword = text_of(r.metadata, "keyword");
  if (change == "stop") {
    db.exec("INSERT INTO channel_opt_outs (channel, identity_value, keyword) VALUES ($1, $2, $3) "
            "ON CONFLICT (channel, identity_value) DO UPDATE SET keyword = EXCLUDED.keyword, opted_out_at = now()",
            r.channel, from, keyword.empty() ? std::string("STOP") : keyword);
  } else {
    db.exec("DELETE FROM channel_opt_outs WHERE channel = $1 AND identity_value = $2", r.channel, from);
  }
  TicketWriter customer(db, Actor{Actor::Kind::customer, t.customer_id, {}, 0});
  customer.audit(t.id, "channel.opt_out", nullptr, change == "stop" ? "opted_out" : "opted_in",
                 json::object{{"channel", r.channel},
                              {"keyword", keyword.empty() ? json::value(nullptr) : json::value(keyword)}});
}

// A bare digit answers the customer's newest pending survey, which may be on another of
// their tickets (the answer then follows up a closed one).
void answer_pending_survey(storage::Connection& db, const Ticket& t, const CustomerRequest& r, const json::value& v) {
  int rating = 0;
  if (v.is_int64()) {
    rating = static_cast<int>(v.as_int64());
  } else if (v.is_string() && v.as_string().size() == 1) {
    rating = v.as_string()[0] - '0';
  }
  if (rating < 1 || rating > 5) return;
  const auto surveyed = pending_survey(db, t.customer_id);
  if (!surveyed) return;
  TicketWriter customer(db, Actor{Actor::Kind::customer, t.customer_id, {}, 0});
  answer_survey(customer, *surveyed, Rating{rating, std::nullopt, r.channel});
}

// The visitor read help-center articles the web form suggested, then wrote to us anyway: their
// opens of the last 24 hours did not deflect this request (kb_suggestion_opens).
void record_help_visit(storage::Connection& db, std::string_view cookie) {
  const auto visitor = core::help_visitor(cookie);
  if (!visitor) return;
  db.exec(
      "UPDATE kb_suggestion_opens SET ticket_at = now() WHERE visitor = $1 AND ticket_at IS NULL "
      "AND opened_at > now() - interval '24 hours'",
      *visitor);
}

}  // namespace

bool may_carry_request(std::string_view metadata_json) noexcept {
  return metadata_json.find("\"helpVisitor\"") != std::string_view::npos ||
         metadata_json.find("\"command\"") != std::string_view::npos ||
         metadata_json.find("\"optOut\"") != std::string_view::npos ||
         metadata_json.find("\"surveyAnswer\"") != std::string_view::npos;
}

void act_on(storage::Connection& db, const CustomerRequest& r) {
  auto ticket = lock_ticket(db, r.ticket_id);
  if (!ticket) return;
  if (const auto* change = r.metadata.if_contains("optOut"); change && change->is_string()) {
    change_opt_out(db, *ticket, r, std::string(change->as_string()));
  }
  if (const auto* answer = r.metadata.if_contains("surveyAnswer")) answer_pending_survey(db, *ticket, r, *answer);
  if (const auto command = text_of(r.metadata, "command"); !command.empty()) run_command(db, *ticket, r, command);
  if (const auto visitor = text_of(r.metadata, "helpVisitor"); !visitor.empty()) record_help_visit(db, visitor);
}

}  // namespace frontdesk::tickets
