// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a short customer text on a phone channel asks for: a command (status, agent,
// close) or a survey answer (a lone digit 1-5). Anything else is an ordinary message.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::provider {

struct CustomerReply {
  std::string command;               // "status", "agent", "close" or ""
  std::optional<int> survey_answer;  // 1..5
};

CustomerReply classify_reply(std::string_view text);

// Adds "command" or "surveyAnswer" to a message's metadata; the database acts on them
// when the message is stored (migration 0006_messaging.sql).
void add_reply_metadata(const CustomerReply& reply, boost::json::object& metadata);

}  // namespace frontdesk::provider
