// SPDX-License-Identifier: Apache-2.0
#include "canned/reply_text.hpp"

#include "canned/due_format.hpp"
#include "core/locale.hpp"
#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <algorithm>

namespace frontdesk::canned {

namespace {

bool known_placeholder(std::string_view name) {
  return std::find(kReplyPlaceholders.begin(), kReplyPlaceholders.end(), name) != kReplyPlaceholders.end();
}

api::Result<core::PlaceholderText> parse_reply(std::string_view text, std::string_view field) {
  auto parsed = core::parse_placeholders(text);
  if (!parsed) return api::invalid(std::string(field) + ": " + parsed.error().text());
  return std::move(*parsed);
}

// The values of kReplyPlaceholders for one ticket and writer, and the languages a canned
// response's translation is chosen by (the ticket's, the installation's languages.default),
// read in one statement.
struct ReplyFacts {
  std::string number, subject, language, customer_name, customer_email, agent_name, time_zone;
  std::optional<std::int64_t> resolution_due_ms;
  std::string default_language;
};

std::optional<ReplyFacts> read_facts(storage::Connection& db, std::int64_t ticket_id, std::int64_t agent_id) {
  const auto r = db.exec(R"sql(
SELECT t.number, t.subject, t.language, c.name,
       (SELECT i.value FROM customer_identities i WHERE i.customer_id = t.customer_id AND i.kind = 'email'
        ORDER BY i.created_at LIMIT 1),
       (SELECT a.name FROM agents a WHERE a.id = $2),
       (extract(epoch FROM s.resolution_due) * 1000)::bigint, coalesce(k.time_zone, 'UTC'),
       (SELECT d.default_language FROM installation_settings d)
FROM tickets t JOIN customers c ON c.id = t.customer_id
LEFT JOIN ticket_sla s ON s.ticket_id = t.id LEFT JOIN sla_calendars k ON k.name = s.calendar
WHERE t.id = $1)sql",
                         ticket_id, agent_id);
  if (r.empty()) return std::nullopt;
  return ReplyFacts{std::string(r.text(0, 0)), std::string(r.text(0, 1)), std::string(r.text(0, 2)),
                    std::string(r.text(0, 3)), std::string(r.text(0, 4)), std::string(r.text(0, 5)),
                    std::string(r.text(0, 7)), r.get_optional<std::int64_t>(0, 6), std::string(r.text(0, 8))};
}

std::string first_word(std::string_view name) {
  const auto start = name.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  const auto end = name.find_first_of(" \t", start);
  return std::string(name.substr(start, end == std::string_view::npos ? end : end - start));
}

core::PlaceholderValue value_of(const ReplyFacts& f, std::string_view locale, std::string_view name) {
  using V = core::PlaceholderValue;
  if (name == "customer.name") return V::of(f.customer_name);
  if (name == "customer.first_name") return V::of(first_word(f.customer_name));
  if (name == "customer.email") return V::of(f.customer_email);
  if (name == "ticket.number") return V::of(f.number);
  if (name == "ticket.subject") return V::of(f.subject);
  if (name == "agent.name") return V::of(f.agent_name);
  if (name == "sla.resolution_due") {
    return V::of(f.resolution_due_ms ? format_due(*f.resolution_due_ms, locale, f.time_zone) : std::string());
  }
  return V::unknown();
}

// The translation to use and its locale (see compose_reply).
std::pair<std::string, std::string> pick_translation(const CannedResponse& r, const std::optional<std::string>& wanted,
                                                     const ReplyFacts& facts) {
  for (const auto& locale : core::fallback_chain({wanted.value_or(""), facts.language}, facts.default_language)) {
    if (const auto it = r.translations.find(locale); it != r.translations.end()) return {it->first, it->second};
  }
  return *r.translations.begin();  // a response has at least one translation
}

}  // namespace

std::string reply_placeholder_names() {
  std::string out;
  for (const auto name : kReplyPlaceholders) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

api::Result<> check_reply_placeholders(std::string_view text, std::string_view field) {
  FD_TRY(const auto parsed, parse_reply(text, field));
  for (const auto& piece : parsed.pieces) {
    if (piece.placeholder && !known_placeholder(piece.placeholder->name)) {
      return api::invalid(std::string(field) + ": unknown placeholder '" + piece.placeholder->name +
                          "' (valid: " + reply_placeholder_names() + ")");
    }
  }
  return {};
}

api::Result<ComposedReply> compose_reply(storage::Connection& db, const ReplyRequest& request,
                                         std::string_view text_field) {
  const auto facts = read_facts(db, request.ticket_id, request.writer.agent_id);
  if (!facts) return api::not_found("ticket");
  ComposedReply out;
  std::string body;
  std::optional<CannedResponse> canned;
  if (request.canned_id) {
    canned = find_visible(db, *request.canned_id, request.writer, false);
    if (!canned) return api::invalid("cannedResponseId: no canned response " + std::to_string(*request.canned_id));
  }
  if (request.text) {  // the agent's own text (perhaps the canned body, edited)
    body = *request.text;
    out.locale = request.locale.value_or(facts->language);
  } else if (canned) {
    std::tie(out.locale, body) = pick_translation(*canned, request.locale, *facts);
  }
  FD_TRY(const auto parsed, parse_reply(body, request.text ? text_field : "cannedResponseId"));
  out.rendered = core::render_placeholders(parsed, [&](std::string_view name) {
    return known_placeholder(name) ? value_of(*facts, out.locale, name) : core::PlaceholderValue::unknown();
  });
  return out;
}

api::Problem unresolved_problem(const core::RenderedText& rendered, std::string_view field) {
  std::string names;
  for (const auto& n : rendered.unresolved) names += (names.empty() ? "" : ", ") + n;
  return api::Problem{422, "unresolved_placeholders",
                      std::string(field) + ": placeholders without a value: " + names +
                          " (give them a default: {{name | default: \"text\"}}, or write the text)"};
}

}  // namespace frontdesk::canned
