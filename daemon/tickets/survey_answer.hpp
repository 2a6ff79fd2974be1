// SPDX-License-Identifier: Apache-2.0
// Answers to CSAT surveys. They come from the API (POST /tickets/:id/rate), a WhatsApp button
// or an SMS digit; all of them are recorded here, so the agent's rating and the
// survey.answered event are the same whichever way the customer answered.
#pragma once

#include "tickets/ticket_writer.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace frontdesk::tickets {

enum class SurveyAnswer { answered, no_survey, expired, already_answered };

struct Rating {
  int value = 0;  // 1..5; the caller has checked it
  std::optional<std::string> feedback;
  std::string channel;  // where the answer came from: api, sms, whatsapp, …
};

// Records `rating` on the ticket's survey (locked for the change), as `writer`'s actor.
SurveyAnswer answer_survey(TicketWriter& writer, std::int64_t ticket_id, const Rating& rating);

// The ticket of the customer's newest survey still waiting for an answer, on any of their
// tickets: a bare digit on a phone channel answers it.
[[nodiscard]] std::optional<std::int64_t> pending_survey(storage::Connection& db, std::int64_t customer_id);

}  // namespace frontdesk::tickets
