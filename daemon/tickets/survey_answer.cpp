// SPDX-License-Identifier: Apache-2.0
#include "tickets/survey_answer.hpp"

#include "storage/connection.hpp"

namespace frontdesk::tickets {

namespace json = boost::json;

SurveyAnswer answer_survey(TicketWriter& writer, std::int64_t ticket_id, const Rating& rating) {
  auto& db = writer.db();
  const auto survey = db.exec(
      "SELECT id, agent_id, answered_at IS NOT NULL, expires_at <= coalesce($2::timestamptz, now()) "
      "FROM surveys WHERE ticket_id = $1 FOR UPDATE",
      ticket_id, writer.at());
  if (survey.empty()) return SurveyAnswer::no_survey;
  if (survey.get<bool>(0, 2)) return SurveyAnswer::already_answered;
  if (survey.get<bool>(0, 3)) return SurveyAnswer::expired;
  const auto survey_id = survey.get<std::int64_t>(0, 0);
  const auto agent_id = survey.get_optional<std::int64_t>(0, 1);
  db.exec("UPDATE surveys SET rating = $2, feedback = $3, answered_at = coalesce($4::timestamptz, now()), "
          "answer_channel = $5 WHERE id = $1",
          survey_id, rating.value, rating.feedback, writer.at(), rating.channel);
  if (agent_id) {
    db.exec("UPDATE agents SET rating_sum = rating_sum + $2, rating_count = rating_count + 1 WHERE id = $1",
            *agent_id, rating.value);
  }
  writer.audit(ticket_id, "survey.answered", nullptr, rating.value,
               json::object{{"surveyId", survey_id},
                            {"channel", rating.channel},
                            {"feedback", rating.feedback ? json::value(*rating.feedback) : json::value(nullptr)},
                            {"agentId", agent_id ? json::value(*agent_id) : json::value(nullptr)}});
  return SurveyAnswer::answered;
}

std::optional<std::int64_t> pending_survey(storage::Connection& db, std::int64_t customer_id) {
  const auto rows = db.exec(
      "SELECT s.ticket_id FROM surveys s JOIN tickets t ON t.id = s.ticket_id "
      "WHERE t.customer_id = $1 AND s.answered_at IS NULL AND s.expires_at > now() "
      "ORDER BY s.sent_at DESC LIMIT 1",
      customer_id);
  if (rows.empty()) return std::nullopt;
  return rows.get<std::int64_t>(0, 0);
}

}  // namespace frontdesk::tickets
