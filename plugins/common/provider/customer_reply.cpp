// SPDX-License-Identifier: Apache-2.0
#include "provider/customer_reply.hpp"

#include <algorithm>
#include <cctype>

namespace frontdesk::provider {

CustomerReply classify_reply(std::string_view text) {
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && space(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && space(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  // A trailing full stop or exclamation mark is common on phones ("5!", "status.").
  if (!text.empty() && (text.back() == '.' || text.back() == '!')) text.remove_suffix(1);
  CustomerReply reply;
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '5') {
    reply.survey_answer = text[0] - '0';
    return reply;
  }
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "status" || lower == "agent" || lower == "close") reply.command = lower;
  return reply;
}

void add_reply_metadata(const CustomerReply& reply, boost::json::object& metadata) {
  if (reply.survey_answer) metadata["surveyAnswer"] = *reply.survey_answer;
  if (!reply.command.empty()) metadata["command"] = reply.command;
}

}  // namespace frontdesk::provider
