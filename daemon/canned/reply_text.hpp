// SPDX-License-Identifier: Apache-2.0
#pragma once
// What an agent's reply says once its placeholders are filled in: the text the agent wrote,
// or a canned response's body in the ticket's language. The same function serves
// preview-reply and sending a message, so a preview shows exactly what would be sent.
//
// The placeholders a reply may use are kReplyPlaceholders; their values come from the ticket,
// its customer, the agent writing and the ticket's SLA (the due time formatted in the reply's
// language, in the SLA calendar's time zone).
#include "canned/canned_store.hpp"
#include "core/placeholders.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::canned {

inline constexpr std::array<std::string_view, 7> kReplyPlaceholders{
    "customer.name", "customer.first_name", "customer.email", "ticket.number",
    "ticket.subject", "agent.name", "sla.resolution_due"};

// "customer.name, customer.first_name, ...", for error messages.
[[nodiscard]] std::string reply_placeholder_names();

// 422 naming `field` when the text's placeholders are malformed or name one that replies do
// not have (checked when a canned response is saved).
api::Result<> check_reply_placeholders(std::string_view text, std::string_view field);

struct ReplyRequest {
  std::int64_t ticket_id = 0;
  Viewer writer;                         // the agent whose name agent.name is
  std::optional<std::string> text;       // what the agent wrote
  std::optional<std::int64_t> canned_id;  // checked; its body is the text when no text is given
  std::optional<std::string> locale;     // the language wanted (normalised), before the ticket's
};

struct ComposedReply {
  std::string locale;  // the language of the text: the translation chosen, or the one asked for
  core::RenderedText rendered;
};

// The canned translation is the first along core::fallback_chain: the locale asked for
// (pt-BR, then pt), the ticket's language (likewise), languages.default, en; else the
// response's first locale. 422 naming
// `text_field` when the text's placeholders are malformed, naming cannedResponseId when the
// writer does not see that response. Unresolved placeholders are the caller's to judge.
api::Result<ComposedReply> compose_reply(storage::Connection& db, const ReplyRequest& request,
                                         std::string_view text_field);

// The Problem a send answers when placeholders are left unresolved (422).
[[nodiscard]] api::Problem unresolved_problem(const core::RenderedText& rendered, std::string_view field);

}  // namespace frontdesk::canned
